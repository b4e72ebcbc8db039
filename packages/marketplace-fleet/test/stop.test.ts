import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKleinanzeigenClient } from '@x/kleinanzeigen-client';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '@x/kleinanzeigen-testkit/server';
import type { DealerConfig } from '../src/config.js';
import { feedAds, freshDatabase, query, runCli, spawnCli, states, tempDir, until, writeConfig, writeNdjson, type Ad } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const IMAGES = new URL('../../../examples/kleinanzeigen-quickstart/images/', import.meta.url);

/** `pnpm fleet worker ...` from the repository root, as a vendor types it. */
function pnpmWorker(args: string[], env: Record<string, string>) {
  const child = spawn('pnpm', ['fleet', 'worker', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter((l) => l.trim() !== ''));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

// SIGTERM to `pnpm fleet worker` mid-job: the worker sends nothing new, lets the requests in flight answer (every
// operation it sent has its answer in the journal), queues the job again and exits 0; the next worker resumes it.
// On Kleinanzeigen, where the journal is the only record of which listings exist, this is what keeps a listing from
// being created twice.
describe('a worker stopped with SIGTERM mid-job', () => {
  let ka: RunningKleinanzeigenServer;
  let images: Server;
  let databaseUrl: string;
  let configFile: string;
  let ads: Ad[];
  const env: Record<string, string> = { KA_ID: 'client-ka', KA_SECRET: 'secret-ka-123456' };

  beforeAll(async () => {
    ka = await startKleinanzeigenServer({ port: 0, fakeOptions: { latencyMs: 0, clients: [{ clientId: env.KA_ID as string, clientSecret: env.KA_SECRET as string }] } });
    images = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/jpeg' });
      res.end(readFileSync(new URL('front.jpg', IMAGES)));
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    const imageBase = `http://127.0.0.1:${(images.address() as { port: number }).port}`;
    databaseUrl = await freshDatabase('stop');
    env.DATABASE_URL = databaseUrl;
    const client = createKleinanzeigenClient({ clientId: env.KA_ID as string, clientSecret: env.KA_SECRET as string, baseUrl: ka.baseUrl, tokenUrl: ka.tokenUrl });
    const imprintUuid = (await client.imprints.create({ content: 'Autohaus KA, Hauptstr. 1, Berlin' })).uuid;
    const dir = tempDir();
    ads = feedAds(16, 8, 'KA').map((ad, i) => ({ ...ad, image_urls: [`${imageBase}/${i}/1.jpg`] }));
    const dealers: DealerConfig[] = [{ id: 'KA', marketplace: 'kleinanzeigen', baseUrl: ka.baseUrl, clientIdEnv: 'KA_ID', clientSecretEnv: 'KA_SECRET', imprintUuid, feed: writeNdjson(join(dir, 'ka.ndjson'), ads) }];
    configFile = writeConfig(join(dir, 'fleet.json'), { dealers });
    // Slow answers: the job is mid-way when the signal comes, with requests in flight.
    ka.fake.faults.schedule({ path: '/v1/*', delayMs: 60, count: 1_000_000 });
  });
  afterAll(async () => {
    await ka.close();
    await new Promise<void>((resolve) => images.close(() => resolve()));
  });

  it('exits 0 with nothing left unanswered; the next worker finishes; no listing is created twice', async () => {
    const first = pnpmWorker(['--config', configFile, '--dealer-concurrency', '3'], env);
    await until('the worker is up', () => first.lines.some((l) => l.includes('started: up to')));
    await runCli(['enqueue', '--config', configFile], env);
    await until('four listings exist', () => ka.fake.listListings().length >= 4);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.lines).toContain('stopping: no new jobs; letting the requests in flight of 1 job(s) answer');
    expect(first.lines).toContain('KA kleinanzeigen: stopped mid-run; queued again, the next worker resumes it from the journal');
    expect(first.lines.at(-1)).toBe('stopped');
    // Every operation the worker sent has its answer on record: none is left as "sent, fate unknown".
    const open = await query<{ n: string }>(databaseUrl, `SELECT count(*) AS n FROM fleet.journal WHERE dealer = 'KA' AND status = 'intent'`);
    expect(open[0]?.n).toBe('0');
    const made = ka.fake.listListings().length;
    expect(made).toBeLessThan(ads.length);
    expect(await states(databaseUrl)).toEqual({ 'KA/kleinanzeigen': 'queued' });

    const second = spawnCli(['worker', '--config', configFile, '--dealer-concurrency', '3'], env);
    try {
      await until('the dealer is done', async () => (await states(databaseUrl))['KA/kleinanzeigen'] === 'done', 90_000);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
    // It resumed as attempt 1 of a fresh job: a stop spends none of the dealer's retries.
    expect(second.lines).toContain('KA kleinanzeigen: started (attempt 1 of 6)');
    const listings = ka.fake.listListings();
    const refs = listings.map((l) => String(l.customReference)).sort();
    expect(refs).toEqual(ads.map((a) => a.source_id).sort());
    const { out } = await runCli(['status', '--json'], env);
    const [row] = JSON.parse(out[0] as string) as Array<{ lastRun: { created: number; unchanged: number; blocked: number } }>;
    expect(row?.lastRun).toMatchObject({ created: ads.length - made, unchanged: made, blocked: 0 });
  });
});
