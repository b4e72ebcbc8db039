import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { brand as boatBrand } from '../src/generated/boat.gen.js';
import { brand as carBrand, modelByBrand } from '../src/generated/car.gen.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `source` the way an application would (ESM, tree shaking on), resolving the package from its TypeScript source. */
async function bundle(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: PACKAGE_DIR, sourcefile: 'app.ts', loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    conditions: ['@x/source'],
    logLevel: 'silent',
  });
  return result.outputFiles.map((f) => f.text).join('\n');
}

/** Boat brands that no car catalogue mentions, so finding one in a bundle can only mean the boat module is in it. */
const carWords = new Set([...carBrand.values.flatMap((v) => [v.id, v.name]), ...Object.values(modelByBrand.values).flat().flatMap((v) => [v.id, v.name])]);
const boatOnly = boatBrand.values.flatMap((v) => [v.id, v.name]).filter((word) => !carWords.has(word));

describe('tree shaking', () => {
  it('a bundle that imports only the car catalogue contains no boat brand', async () => {
    const output = await bundle(`import { brand } from '@x/pro-import-enums/car';\nconsole.log(brand.nameOf('volvo'));`);
    expect(output).toContain(`'Volvo'`.replace(/'/g, '"'));
    expect(boatOnly.length).toBeGreaterThan(0);
    for (const word of boatOnly) expect(output, `boat value "${word}" leaked into a car-only bundle`).not.toContain(`"${word}"`);
  });

  it('the same check sees boat brands when the boat catalogue is imported (the check can fail)', async () => {
    const output = await bundle(`import { brand } from '@x/pro-import-enums/boat';\nconsole.log(brand.ids);`);
    expect(boatOnly.some((word) => output.includes(`"${word}"`))).toBe(true);
  });

  it('the index lists vehicle types without pulling in any catalogue', async () => {
    const output = await bundle(`import { vehicleTypes } from '@x/pro-import-enums';\nconsole.log(vehicleTypes.length);`);
    expect(output).toContain('"car"');
    for (const word of boatOnly) expect(output).not.toContain(`"${word}"`);
    expect(output).not.toContain('"Volvo"');
  });
});
