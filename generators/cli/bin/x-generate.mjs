#!/usr/bin/env node
// The generators are TypeScript. A TypeScript loader (tsx) costs a few hundred milliseconds of every run, so this
// launcher bundles them with esbuild instead (one native call, a few tens of milliseconds) into one ES module and
// runs that: no loader in the process, and never a stale build, since the bundle is made from the source each run.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');

/**
 * Bare imports of npm packages stay imports, each resolved from the source file that wrote it (so every generator
 * package keeps its own dependencies, as pnpm lays them out); `import.meta.url` keeps meaning that source file.
 */
const keepResolution = {
  name: 'keep-resolution',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'inner' || args.path.startsWith('@x/') || args.path.startsWith('node:') || isAbsolute(args.path)) return undefined;
      const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'inner' });
      if (found.errors.length > 0) return { errors: found.errors };
      return { path: pathToFileURL(found.path).href, external: true };
    });
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const contents = source.includes('import.meta.url') ? source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)) : source;
      return { contents, loader: 'ts' };
    });
  },
};

const result = await build({
  entryPoints: [join(here, '..', 'src', 'main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  write: false,
  conditions: ['@x/source'],
  plugins: [keepResolution],
  logLevel: 'error',
});
const code = result.outputFiles[0].text;
const file = join(dist, `x-generate.${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
mkdirSync(dist, { recursive: true });
// Written beside the others under a name of its content, so runs at the same time never see half a file.
const temporary = `${file}.${process.pid}.tmp`;
writeFileSync(temporary, code);
renameSync(temporary, file);
// Bundles of older source are removed once no run can still be starting from them.
for (const old of readdirSync(dist)) {
  const path = join(dist, old);
  if (old.startsWith('x-generate.') && path !== file && Date.now() - statSync(path).mtimeMs > 600_000) rmSync(path, { force: true });
}
const { main } = await import(pathToFileURL(file).href);
process.exitCode = await main(process.argv.slice(2));
