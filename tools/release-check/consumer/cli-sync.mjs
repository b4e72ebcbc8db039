// `npx marketplace-sync` as a user runs it: --version, then a sync of a two-ad feed onto @x/pro-import-testkit's
// HTTP fake (started here, in-process), checked through the fake's own state. Prints one JSON line per check.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createProImportClient } from '@x/pro-import-client';
import { buildAd } from '@x/pro-import-testkit';
import { startFakeServer } from '@x/pro-import-testkit/server';

const run = promisify(execFile);
const npx = (args, env = {}) => run('npx', ['--no-install', 'marketplace-sync', ...args], { env: { ...process.env, ...env }, timeout: 120_000 });
const expected = JSON.parse(readFileSync(new URL('./node_modules/@x/marketplace-sync/package.json', import.meta.url), 'utf8')).version;

async function check(name, body) {
  try {
    console.log(JSON.stringify({ probe: name, ok: true, detail: await body() }));
  } catch (error) {
    const output = [error?.stdout, error?.stderr].filter(Boolean).join('\n').trim();
    console.log(JSON.stringify({ probe: name, ok: false, detail: `${error instanceof Error ? error.message : String(error)}${output ? `\n${output}` : ''}` }));
  }
}

await check('cli-version', async () => {
  const { stdout } = await npx(['--version']);
  if (stdout.trim() !== expected) throw new Error(`npx marketplace-sync --version printed "${stdout.trim()}", the installed package is ${expected}`);
  return `npx marketplace-sync --version: ${stdout.trim()}`;
});

await check('cli-sync', async () => {
  const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  const dir = mkdtempSync(join(tmpdir(), 'release-check-cli-'));
  try {
    const ads = [{ vehicle_type: 'car', ...buildAd('car') }, { vehicle_type: 'boat', ...buildAd('boat') }];
    writeFileSync(join(dir, 'feed.ndjson'), ads.map((ad) => JSON.stringify(ad)).join('\n') + '\n');
    const token = running.fake.token({ scope: 'dealer_code', dealer_code: 'RC1' });
    const args = ['--feed', join(dir, 'feed.ndjson'), '--base-url', running.baseUrl, '--journal', join(dir, 'sync.journal'), '--no-progress'];
    await npx(args, { PRO_IMPORT_TOKEN: token });
    const client = createProImportClient({ token, baseUrl: running.baseUrl });
    for (const ad of ads) await client[ad.vehicle_type].get(String(ad.source_id)); // a 404 throws
    return `npx marketplace-sync --feed (car + boat) created both on the fake`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await running.close();
  }
});
