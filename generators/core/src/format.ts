import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GeneratedFile } from './emit.js';

/**
 * The house style of generated TypeScript: prettier's output with `printWidth: 110`, single quotes and trailing
 * commas everywhere, which Biome's formatter reproduces byte for byte on what the generators emit.
 */
export const FORMAT_FLAGS = [
  '--indent-style=space',
  '--indent-width=2',
  '--line-width=110',
  '--line-ending=lf',
  '--javascript-formatter-quote-style=single',
  '--jsx-quote-style=double',
  '--quote-properties=as-needed',
  '--trailing-commas=all',
  '--semicolons=always',
  '--arrow-parentheses=always',
  '--bracket-spacing=true',
  '--bracket-same-line=false',
  '--expand=auto',
  '--use-editorconfig=false',
  '--vcs-enabled=false',
  // The OpenAPI document of a testkit is one 2 MB literal; Biome skips files over 1 MiB unless told otherwise.
  '--files-max-size=67108864',
] as const;

/** The native Biome binaries by platform, as `@biomejs/biome`'s own launcher maps them. */
function binaryCandidates(): string[] {
  const { platform, arch } = process;
  const exe = platform === 'win32' ? 'biome.exe' : 'biome';
  if (platform === 'linux') return [`@biomejs/cli-linux-${arch}/${exe}`, `@biomejs/cli-linux-${arch}-musl/${exe}`];
  return [`@biomejs/cli-${platform}-${arch}/${exe}`];
}

let binary: string | undefined;

/**
 * The Biome binary, resolved next to `@biomejs/biome` (whose optional dependencies install the one for this
 * machine). Started directly rather than through its Node launcher, which would start a second Node process.
 */
export function biomeBinary(): string {
  if (binary !== undefined) return binary;
  if (process.env.BIOME_BINARY !== undefined && process.env.BIOME_BINARY !== '') return (binary = process.env.BIOME_BINARY);
  const fromCore = createRequire(import.meta.url);
  const fromBiome = createRequire(fromCore.resolve('@biomejs/biome/package.json'));
  for (const candidate of binaryCandidates()) {
    try {
      return (binary = fromBiome.resolve(candidate));
    } catch {
      // not the binary for this machine's libc; try the next one
    }
  }
  throw new Error(`no Biome binary for ${process.platform}-${process.arch}: reinstall with \`pnpm install\``);
}

function run(file: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      if (error === null) return resolve();
      reject(new Error(`formatting the generated code failed (biome ${args[0]}): ${`${stderr}${stdout}`.trim() || error.message}`));
    });
  });
}

/**
 * The one place generated code is formatted: every `.ts` file of the list in one Biome run (a native formatter, in
 * parallel over the files), so the style of every output is the same and formatting costs one process start.
 * Other files (Markdown) are returned as they are.
 *
 * @example const [file] = await formatFiles([{ path: 'a.gen.ts', contents: 'export const a = {b:1}' }]);
 * // file.contents === 'export const a = { b: 1 };\n'
 */
export async function formatFiles(files: readonly GeneratedFile[]): Promise<GeneratedFile[]> {
  const indexes = files.flatMap((file, i) => (file.path.endsWith('.ts') ? [i] : []));
  if (indexes.length === 0) return [...files];
  const dir = await mkdtemp(join(tmpdir(), 'x-generate-format-'));
  try {
    const name = (i: number) => join(dir, `${i}.ts`);
    await Promise.all(indexes.map((i) => writeFile(name(i), files[i]?.contents ?? '')));
    await run(biomeBinary(), ['format', '--write', '--colors=off', '--no-errors-on-unmatched', ...FORMAT_FLAGS, dir], dir);
    const formatted = await Promise.all(indexes.map((i) => readFile(name(i), 'utf8')));
    const out = [...files];
    indexes.forEach((i, k) => {
      const file = files[i];
      if (file !== undefined) out[i] = { ...file, contents: formatted[k] ?? '' };
    });
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Formats one TypeScript source (see `formatFiles`; batch files where you can, each call starts Biome once). */
export async function formatTypeScript(source: string): Promise<string> {
  const [file] = await formatFiles([{ path: 'file.ts', contents: source }]);
  return file?.contents ?? source;
}
