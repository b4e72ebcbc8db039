import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { installSpecs } from '../src/consumer.js';
import { enginesProblems, exportTargets, publishedProblems } from '../src/published.js';
import { installLine, installLines, readmeProblems, specName } from '../src/readme.js';
import { fixedGroups, versioningProblems } from '../src/release.js';
import { readTarball } from '../src/tarball.js';

describe('installLine', () => {
  it.each([
    ['```sh\nnpm install @x/a\n```', ['@x/a']],
    ['```bash\n$ npm i -D @x/a msw@^2   # for tests\n```', ['@x/a', 'msw@^2']],
    ['```sh\nPRO=1 npx a --x\n```\n\n```sh\nnpm install --save-dev @x/b @x/c\n```', ['@x/b', '@x/c']],
    ['```ts\nnpm install @x/a\n```', undefined],
  ])('%j', (readme, packages) => {
    expect(installLine(readme)?.packages).toEqual(packages);
  });

  it('installLines reads every install line of the first block that has one, and no later block', () => {
    const readme = '```sh\nnpx a --help\n```\n\n```sh\nnpm install @x/a\nnpm install --save-dev b@1.2.3-beta.1   # to try it\n```\n\n```sh\nnpm i c\n```';
    expect(installLines(readme).map((line) => line.packages)).toEqual([['@x/a'], ['b@1.2.3-beta.1']]);
    expect(installLine(readme)?.packages).toEqual(['@x/a']);
    expect(installLines('no block')).toEqual([]);
  });

  it('specName drops a version, scoped or not', () => {
    expect([specName('@x/a@1.2.3'), specName('msw@^2'), specName('@x/a'), specName('msw')]).toEqual(['@x/a', 'msw', '@x/a', 'msw']);
  });
});

describe('readmeProblems', () => {
  const published = new Set(['@x/a', '@x/b']);
  it.each([
    ['```sh\nnpm install @x/a\n```', [], []],
    [undefined, [], ['README.md is not in the package']],
    ['no block', [], ['README.md has no `npm install` line in a ```sh block: say how to install the package']],
    ['```sh\nnpm install @x/b\n```', [], ['README install line `npm install @x/b` does not install @x/a']],
    ['```sh\nnpm install @x/a @x/z\n```', [], ['README install line `npm install @x/a @x/z` names @x/z, which this release does not publish']],
    ['```sh\nnpm install @x/a\n```', ['msw'], ['README install line `npm install @x/a` leaves out the peer dependency msw']],
  ])('%j with required peers %j', (readme, peers, problems) => {
    expect(readmeProblems('@x/a', readme, { published, requiredPeers: peers })).toEqual(problems);
  });
});

describe('publishedProblems', () => {
  const readme = '```sh\nnpm install @x/a\n```';
  const released = new Map([
    ['@x/a', '1.1.0'],
    ['@x/b', '1.1.0'],
  ]);
  const base = { name: '@x/a', version: '1.1.0', engines: { node: '>=20' }, exports: { '.': { import: './dist/index.js' }, './*': { import: './dist/types/*.js' } } };

  it('passes a package whose targets are all in the tarball', () => {
    expect(publishedProblems({ manifest: base, files: new Set(['dist/index.js', 'dist/types/car.js']), readme }, released)).toEqual([]);
  });

  it('names each target missing from the tarball, wildcards included, and bins', () => {
    const manifest = { ...base, bin: { a: './bin/a.mjs' } };
    expect(publishedProblems({ manifest, files: new Set(['dist/index.js']), readme }, released)).toEqual([
      'exports["./*"].import points to ./dist/types/*.js, which is not in the published tarball (check "files" and "exports")',
      'bin["a"] points to ./bin/a.mjs, which is not in the published tarball (check "files" and "exports")',
    ]);
  });

  it('refuses local protocols, ranges the released sibling misses, unpublished siblings and a missing engines.node', () => {
    const manifest = { name: '@x/a', version: '1.1.0', dependencies: { '@x/b': '^1.0.0', zod: 'workspace:*', '@x/c': '1.0.0' }, peerDependencies: { '@x/b': '~1.0.0' } };
    expect(publishedProblems({ manifest, files: new Set(), readme }, released)).toEqual([
      'depends on @x/b@~1.0.0, which the released @x/b@1.1.0 does not satisfy',
      'depends on zod@workspace:*: a local protocol, which no registry can resolve',
      'depends on @x/c, which this release does not publish',
      'has no engines.node: say which Node versions are supported',
      'README install line `npm install @x/a` leaves out the peer dependency @x/b',
    ]);
  });

  it('wants each peer range to admit the version the package is tested with (a prerelease only within its line)', () => {
    const manifest = (range: string) => ({ ...base, peerDependencies: { pg: range }, peerDependenciesMeta: { pg: { optional: true } }, devDependencies: { pg: '17.10.0-beta.17' } });
    expect(publishedProblems({ manifest: manifest('~17.10.0-beta.17'), files: new Set(['dist/index.js', 'dist/types/car.js']), readme }, released)).toEqual([]);
    expect(publishedProblems({ manifest: manifest('>=15.0.0-beta.1'), files: new Set(['dist/index.js', 'dist/types/car.js']), readme }, released)).toEqual([
      'peer dependency pg@>=15.0.0-beta.1 does not admit 17.10.0-beta.17, the version the package is tested with: npm refuses to install them together',
    ]);
  });

  it('exportTargets walks nested conditions and arrays', () => {
    expect(exportTargets({ '.': { '@x/source': './src/index.ts', require: { types: './dist/index.d.cts', default: ['./dist/index.cjs'] } } })).toEqual([
      { where: 'exports["."].@x/source', target: './src/index.ts' },
      { where: 'exports["."].require.types', target: './dist/index.d.cts' },
      { where: 'exports["."].require.default[0]', target: './dist/index.cjs' },
    ]);
  });
});

describe('versioning', () => {
  const pkg = (name: string, dependencies: Record<string, string> = {}) => ({ dir: name, manifest: { name, version: '1.0.0', dependencies } });

  it('wants packages that depend on each other in one fixed group', () => {
    const packages = [pkg('@x/a'), pkg('@x/b', { '@x/a': 'workspace:*' }), pkg('@x/c')];
    expect(versioningProblems(packages, { fixed: [['@x/a', '@x/b']] })).toEqual([]);
    expect(versioningProblems(packages, { fixed: [['@x/a'], ['@x/b', '@x/c']] })).toEqual([
      '@x/b depends on @x/a, but no "fixed" group of .changeset/config.json holds both: they would be versioned apart',
    ]);
  });

  it('reads patterns in fixed groups as changesets does', () => {
    expect(fixedGroups({ fixed: [['@x/pro-*', '@x/b']] }, ['@x/pro-import-client', '@x/pro-import-enums', '@x/b', '@x/c'])).toEqual([['@x/pro-import-client', '@x/pro-import-enums', '@x/b']]);
  });
});

describe('installSpecs', () => {
  it("pins the kit to the released version in the READMEs' install lines (each line of the install block) and keeps the rest", () => {
    const readmes = new Map([
      ['@x/a', '```sh\nnpm install @x/a\n```'],
      ['@x/b', '```sh\nnpm install -D @x/b @x/a msw\n```'],
      ['@x/c', 'no install line'],
      ['@x/d', '```sh\nnpm install @x/d\nnpm install -D pg-server@17.1.0   # to try it\n```'],
    ]);
    expect(installSpecs(readmes, new Map([['@x/a', '2.0.0'], ['@x/b', '2.0.0'], ['@x/c', '2.0.0'], ['@x/d', '2.0.0']]), ['typescript@5.9.3'])).toEqual([
      '@x/a@2.0.0',
      '@x/b@2.0.0',
      'msw',
      '@x/c@2.0.0',
      '@x/d@2.0.0',
      'pg-server@17.1.0',
      'typescript@5.9.3',
    ]);
  });
});

describe('readTarball', () => {
  function entry(name: string, body: string, type = '0'): Buffer {
    const header = Buffer.alloc(512);
    header.write(name, 0);
    header.write(`${Buffer.byteLength(body).toString(8).padStart(11, '0')}\0`, 124);
    header.write(type, 156);
    const data = Buffer.alloc(Math.ceil(Buffer.byteLength(body) / 512) * 512);
    data.write(body);
    return Buffer.concat([header, data]);
  }

  it('lists files under package/ with their contents, long names from pax headers', () => {
    const long = `package/${'d/'.repeat(60)}x.js`;
    const tar = Buffer.concat([entry('package/package.json', '{"name":"@x/a"}'), entry('pax', `${long.length + 10} path=${long}\n`, 'x'), entry('ignored', 'x'), Buffer.alloc(1024)]);
    const files = readTarball(gzipSync(tar));
    expect([...files.keys()]).toEqual(['package.json', long.slice('package/'.length)]);
    expect(files.get('package.json')?.toString()).toBe('{"name":"@x/a"}');
  });
});

describe('enginesProblems', () => {
  const tested = ['20.20.2', '22.23.5', '24.22.3', '26.10.0'];
  it('passes a range that is exactly the tested majors', () => {
    expect(enginesProblems('^20.19.0 || ^22.12.0 || ^24.0.0 || ^26.0.0', tested)).toEqual([]);
  });
  it('names a tested Node the range leaves out, and an untested major it admits', () => {
    expect(enginesProblems('^22.0.0 || ^24.0.0', ['22.23.5'])).toEqual(['engines.node "^22.0.0 || ^24.0.0" admits Node 24, which the matrix does not test']);
    expect(enginesProblems('>=20.19', tested)).toContain('engines.node ">=20.19" admits Node 27, which the matrix does not test');
    expect(enginesProblems('^22.0.0', ['20.20.2', '22.23.5'])).toEqual(['engines.node "^22.0.0" leaves out Node 20.20.2, which the matrix tests']);
  });
});
