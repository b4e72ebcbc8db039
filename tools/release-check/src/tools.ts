import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exec, tail } from './exec.js';

/**
 * Installs an npm package (a tool: Verdaccio, a Node, Bun or Deno binary) into `<cacheDir>/<spec>/` once, with
 * npm from the registry, and returns that prefix. A later run with the same cache finds it there; a broken
 * install is removed so the next run starts over.
 *
 * @example
 * const prefix = await installTool('.ci/.tools/release-check', 'verdaccio@6.8.0');
 */
export async function installTool(cacheDir: string, spec: string): Promise<string> {
  const prefix = join(cacheDir, spec.replace(/^@/, '').replace(/[@/]/g, '-'));
  const done = join(prefix, '.installed');
  if (existsSync(done)) return prefix;
  await rm(prefix, { recursive: true, force: true });
  await mkdir(prefix, { recursive: true });
  await writeFile(join(prefix, 'package.json'), '{ "private": true }\n');
  const result = await exec('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', '--prefix', prefix, spec], {
    cwd: prefix,
    timeoutMs: 600_000,
  });
  if (result.code !== 0) {
    await rm(prefix, { recursive: true, force: true });
    throw new Error(`npm install ${spec} failed:\n${tail(result)}`);
  }
  await mkdir(done, { recursive: true });
  return prefix;
}
