import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { GeneratedFile } from './emit.js';

export type WriteResult = { written: string[]; unchanged: string[]; removed: string[] };

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

/**
 * The only code that writes generated files. Writes everything into a staging folder first, then renames each
 * changed file into place and removes files the generator no longer produces, so a failure while generating
 * leaves the old output whole. Unchanged files are not touched (their mtime stays).
 */
export async function writeGenerated(outDir: string, files: readonly GeneratedFile[]): Promise<WriteResult> {
  const paths = new Set<string>();
  for (const file of files) {
    if (file.path.startsWith('/') || file.path.split('/').includes('..')) throw new Error(`generated path escapes the output folder: ${file.path}`);
    if (paths.has(file.path)) throw new Error(`two generators wrote the same file: ${file.path}`);
    paths.add(file.path);
  }
  const staging = `${outDir}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const result: WriteResult = { written: [], unchanged: [], removed: [] };
  try {
    const changed: GeneratedFile[] = [];
    for (const file of files) {
      const current = await readFile(join(outDir, file.path), 'utf8').catch(() => undefined);
      if (current === file.contents) {
        result.unchanged.push(file.path);
        continue;
      }
      const staged = join(staging, file.path);
      await mkdir(dirname(staged), { recursive: true });
      await writeFile(staged, file.contents);
      changed.push(file);
    }
    for (const file of changed) {
      const target = join(outDir, file.path);
      await mkdir(dirname(target), { recursive: true });
      await rename(join(staging, file.path), target);
      result.written.push(file.path);
    }
    for (const existing of await listFiles(outDir)) {
      if (!paths.has(existing)) {
        await rm(join(outDir, existing));
        result.removed.push(existing);
      }
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return result;
}
