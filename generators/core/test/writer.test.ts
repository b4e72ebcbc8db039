import { mkdtemp, readFile, readdir, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeGenerated } from '../src/writer.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'writer-'));
}

describe('writeGenerated', () => {
  it('writes new files, leaves identical ones untouched and removes stale ones', async () => {
    const out = join(await tempDir(), 'generated');
    await mkdir(join(out, 'old'), { recursive: true });
    await writeFile(join(out, 'same.gen.ts'), 'same');
    await writeFile(join(out, 'old', 'stale.gen.ts'), 'stale');
    const before = (await stat(join(out, 'same.gen.ts'))).mtimeMs;
    const result = await writeGenerated(out, [
      { path: 'same.gen.ts', contents: 'same' },
      { path: 'nested/new.gen.ts', contents: 'new' },
    ]);
    expect(result).toEqual({ written: ['nested/new.gen.ts'], unchanged: ['same.gen.ts'], removed: ['old/stale.gen.ts'] });
    expect(await readFile(join(out, 'nested', 'new.gen.ts'), 'utf8')).toBe('new');
    expect((await stat(join(out, 'same.gen.ts'))).mtimeMs).toBe(before);
    expect(await readdir(join(out, '..'))).toEqual(['generated']);
  });

  it('refuses paths outside the output folder and duplicate paths before writing anything', async () => {
    const out = join(await tempDir(), 'generated');
    await expect(writeGenerated(out, [{ path: '../evil.ts', contents: '' }])).rejects.toThrow('generated path escapes the output folder: ../evil.ts');
    await expect(
      writeGenerated(out, [
        { path: 'a.gen.ts', contents: '1' },
        { path: 'a.gen.ts', contents: '2' },
      ]),
    ).rejects.toThrow('two generators wrote the same file: a.gen.ts');
    await expect(readdir(out)).rejects.toThrow();
  });
});
