import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SpecError, loadModel, writeGenerated, type GeneratedFile } from '@x/generator-core';
import { TARGETS } from './targets.js';

const USAGE = 'usage: x-generate --api <name> --targets <target,...> [--spec <dir>] [--out <dir>]';

type Args = { api: string; targets: string[]; specRoot: string; out: string };

/** Finds `spec/` by walking up from the working directory, so the command works from any package. */
function findSpecRoot(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'spec')) && existsSync(join(dir, 'pnpm-workspace.yaml'))) return join(dir, 'spec');
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function parseArgs(argv: readonly string[], cwd: string): Args | string {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    if (flag === '--') continue;
    const value = argv[i + 1];
    if (!flag?.startsWith('--') || value === undefined) return `unexpected argument "${flag}"\n${USAGE}`;
    values[flag.slice(2)] = value;
    i += 1;
  }
  const { api, targets } = values;
  if (api === undefined || targets === undefined) return USAGE;
  const unknown = targets.split(',').filter((t) => !(t in TARGETS));
  if (unknown.length > 0) return `unknown target "${unknown.join(', ')}"; known: ${Object.keys(TARGETS).join(', ')}`;
  const specRoot = values.spec ?? findSpecRoot(cwd);
  if (specRoot === undefined) return 'cannot find the spec/ folder above the working directory; pass --spec <dir>';
  return { api, targets: targets.split(','), specRoot: resolve(cwd, specRoot), out: resolve(cwd, values.out ?? 'src/generated') };
}

/** Runs the chosen generators over one API's spec and writes their files. Returns the exit code. */
export async function main(argv: readonly string[], cwd = process.cwd()): Promise<number> {
  const args = parseArgs(argv, cwd);
  if (typeof args === 'string') {
    console.error(args);
    return 2;
  }
  try {
    const model = await loadModel(join(args.specRoot, args.api));
    const files: GeneratedFile[] = [];
    for (const target of args.targets) {
      const load = TARGETS[target];
      if (load === undefined) continue;
      files.push(...(await (await load())(model)));
    }
    const result = await writeGenerated(args.out, files);
    console.log(
      `x-generate ${args.api} [${args.targets.join(', ')}]: ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed`,
    );
    return 0;
  } catch (error) {
    if (error instanceof SpecError) {
      console.error(`x-generate: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
