/**
 * Row 2: what an app that only creates and gets cars ships, bundled with esbuild for the browser from the built
 * packages (minified; gzip level 9), against the same app written with openapi-fetch alone. Code splitting is on,
 * as in an app's real build: chunks a dynamic import would load are counted apart from the entry.
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export type Bundle = { entry: { min: number; gz: number }; chunks: number; chunkBytes: number };

async function bundle(app: string): Promise<Bundle> {
  const entry = fileURLToPath(new URL(`../apps/${app}.ts`, import.meta.url));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    splitting: true,
    outdir: '/virtual-out',
    write: false,
    logLevel: 'error',
  });
  const [main, ...chunks] = [...result.outputFiles].sort((a, b) => Number(b.path.endsWith(`/${app}.js`)) - Number(a.path.endsWith(`/${app}.js`)));
  if (main === undefined || !main.path.endsWith(`/${app}.js`)) throw new Error(`esbuild did not emit ${app}.js`);
  return {
    entry: { min: main.contents.length, gz: gzipSync(main.contents, { level: 9 }).length },
    chunks: chunks.length,
    chunkBytes: chunks.reduce((sum, chunk) => sum + chunk.contents.length, 0),
  };
}

/** `ours`: the whole-client import (`createProImportClient`); `core`: the car namespace from `@x/pro-import-client/core`. */
export async function bundleRow(): Promise<{ ours: Bundle; core: Bundle; openapiFetch: Bundle }> {
  return { ours: await bundle('car-app'), core: await bundle('car-core-app'), openapiFetch: await bundle('openapi-fetch-app') };
}
