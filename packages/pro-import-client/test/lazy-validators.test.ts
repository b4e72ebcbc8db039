import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * `validate: true` must not put every vehicle type's validators into a client bundle: a bundler splits each type's
 * validators into its own chunk, loaded on that type's first validated call.
 */
describe('validators are loaded lazily', () => {
  it('a bundle of the client keeps each type\'s validators out of the entry chunk', async () => {
    const result = await build({
      entryPoints: { client: new URL('../src/index.ts', import.meta.url).pathname },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      outdir: '/virtual',
      conditions: ['@x/source'],
      external: ['openapi-fetch', 'zod'],
      logLevel: 'silent',
    });
    const entry = result.outputFiles.find((f) => f.path.endsWith('/client.js'));
    const chunks = result.outputFiles.filter((f) => f !== entry);
    expect(entry?.text).toContain('createProImportClient');
    expect(entry?.text).not.toContain('validateCarCreate(body)');
    expect(entry?.text).not.toMatch(/strictObject\(/);
    const dynamicImports = [...(entry?.text ?? '').matchAll(/import\("\.\/([^"]+)"\)/g)].map((m) => m[1]);
    expect(dynamicImports.length).toBeGreaterThanOrEqual(16);
    const car = chunks.find((c) => c.text.includes('function validateCarCreate('));
    const boat = chunks.find((c) => c.text.includes('function validateBoatCreate('));
    expect(car).toBeDefined();
    expect(boat).toBeDefined();
    expect(car).not.toBe(boat);
  });
});
