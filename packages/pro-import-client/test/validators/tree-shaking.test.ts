import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { brand as boatBrand } from '@x/pro-import-enums/boat';
import { brand as carBrand, modelByBrand } from '@x/pro-import-enums/car';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

async function bundle(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: PACKAGE_DIR, sourcefile: 'app.ts', loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['@x/source'],
    logLevel: 'silent',
  });
  return result.outputFiles.map((f) => f.text).join('\n');
}

const carWords = new Set([...carBrand.values, ...Object.values(modelByBrand.values).flat()].flatMap((v) => [v.id, v.name]));
const boatOnly = boatBrand.values.flatMap((v) => [v.id, v.name]).filter((word) => !carWords.has(word));
const leaked = (output: string) => boatOnly.filter((word) => output.includes(`"${word}"`));

describe('tree shaking of the validators', () => {
  it('a bundle importing only the car validators contains no boat brand', { timeout: 30_000 }, async () => {
    const output = await bundle(`import { validateCarCreate } from '@x/pro-import-client/validators/car';\nconsole.log(validateCarCreate({}));`);
    expect(output).toContain('"volvo"');
    expect(leaked(output)).toEqual([]);
  });

  it('the check finds boat brands when the all-types entry is imported (so it can fail)', { timeout: 30_000 }, async () => {
    const output = await bundle(`import { validatePayload } from '@x/pro-import-client/validators';\nconsole.log(validatePayload('car', 'create', {}));`);
    expect(leaked(output).length).toBeGreaterThan(0);
  });
});
