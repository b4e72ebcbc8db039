// pnpm bench: plan time, apply time and memory of a sync of a 10,000-ad feed against the Pro Import fake (latency 0,
// in its own process so the figures are the sync's alone), memory of a 1,000-ad feed beside it (flat with feed size?),
// and the requests a run with an unchanged feed sends; then throughput under faults: 2,000 creates through 20% random
// 5xx and dropped connections (lost answers included) against the same without faults, and the rate the sync settles
// at in front of an API that answers 429 above N requests/s. Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdFactory } from '@x/pro-import-testkit';
import { FileJournal, proImportAdapter, sync } from '../src/index.js';
import { countingProxy, type Proxy } from '../test/helpers.js';

const FAKE = fileURLToPath(new URL('../../pro-import-testkit/bin/fake.mjs', import.meta.url));

async function startFake(): Promise<{ baseUrl: string; token: string; stop(): void }> {
  const child = spawn(process.execPath, [FAKE, '--port', '0', '--latency', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  const found = await new Promise<{ baseUrl: string; token: string }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const baseUrl = /listening on (\S+)/.exec(text)?.[1];
      const token = /\(dealer_code D1\):\s+(\S+)/.exec(text)?.[1];
      if (baseUrl && token) resolve({ baseUrl, token });
    });
    child.on('exit', (code) => reject(new Error(`the fake exited (${code}) before it was ready:\n${text}`)));
  });
  return { ...found, stop: () => child.kill('SIGTERM') };
}

function writeFeed(file: string, count: number, seed: number, priceBump = 0): void {
  const factory = createAdFactory({ seed });
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const type = i % 3 === 2 ? 'boat' : 'car';
    const ad = factory.buildAd(type, {
      price: [{ type: 'list', amount: 100_000 + i + priceBump, currency: 'SEK' }],
      image_urls: [`https://cdn.example.com/${type}/${i}/1.jpg`],
      ...(type === 'car' ? { category_fields: { registration_number: `BEN${String(i).padStart(5, '0')}` } } : {}),
    });
    lines.push(JSON.stringify({ vehicle_type: type, ...ad }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

type Figures = { planMs: number; applyMs: number; requests: Record<string, number>; peakHeapMb: number; retainedMb: number; sent: number };

async function run(baseUrl: string, token: string, feed: string, journalFile: string): Promise<Figures> {
  const requests: Record<string, number> = {};
  const counting = (request: Request) => {
    const path = new URL(request.url).pathname.replace(/^\/pro-import-api/, '');
    const key = `${request.method} ${path.split('/').slice(0, 3).join('/')}${path.split('/').length > 3 ? '/*' : ''}`;
    requests[key] = (requests[key] ?? 0) + 1;
    return fetch(request);
  };
  const adapter = proImportAdapter({ token, baseUrl, fetch: counting });
  const identity = { marketplace: 'pro-import', target: `${baseUrl}#D1` };
  const journal = FileJournal.open(journalFile, identity);
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const outcome = await sync({ feed, adapter, journal, concurrency: 16 });
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  // What the finished run still holds (its plan and per-ad report), garbage collected: what grows with the feed.
  globalThis.gc?.();
  const retained = process.memoryUsage().heapUsed - base;
  const { timings, result } = outcome;
  await journal.close();
  const sent = (result?.counts.done ?? 0) + (result?.counts.failed ?? 0);
  return { planMs: timings.planMs, applyMs: timings.applyMs, requests, peakHeapMb: (peak - base) / 2 ** 20, retainedMb: retained / 2 ** 20, sent };
}

function line(label: string, f: Figures): string {
  const total = Object.values(f.requests).reduce((a, b) => a + b, 0);
  return `${label.padEnd(34)} plan ${(f.planMs / 1000).toFixed(2).padStart(6)} s   apply ${(f.applyMs / 1000).toFixed(2).padStart(6)} s   heap peak +${f.peakHeapMb.toFixed(1).padStart(6)} MB (garbage included), held after +${f.retainedMb.toFixed(1).padStart(5)} MB   requests ${String(total).padStart(6)}   ads sent ${f.sent}`;
}

/** A token bucket of `perSecond` requests a second holding a tenth of a second's worth: 429 when it is empty. */
function tokenBucket(perSecond: number): () => number | undefined {
  let tokens = perSecond / 10;
  let last = performance.now();
  return () => {
    const now = performance.now();
    tokens = Math.min(perSecond / 10, tokens + ((now - last) * perSecond) / 1000);
    last = now;
    if (tokens < 1) return 429;
    tokens -= 1;
    return undefined;
  };
}

/** Creates `count` ads (new source ids) through `baseUrl`; answers the creates per second of the apply phase. */
async function creates(baseUrl: string, token: string, count: number, seed: number): Promise<{ perSecond: number; done: number; failed: number; applyMs: number }> {
  const feed = join(dir, `throughput-${seed}.ndjson`);
  writeFeed(feed, count, seed);
  const adapter = proImportAdapter({ token, baseUrl });
  const journal = FileJournal.open(join(dir, `throughput-${seed}.journal`), { marketplace: 'pro-import', target: `${baseUrl}#D1` });
  const { result, timings } = await sync({ feed, adapter, journal, concurrency: 16 }).finally(() => journal.close());
  const done = result?.counts.done ?? 0;
  return { perSecond: (done * 1000) / timings.applyMs, done, failed: result?.counts.failed ?? 0, applyMs: timings.applyMs };
}

async function throughput(fake: { baseUrl: string; token: string }): Promise<void> {
  console.log('throughput under faults: 2,000 creates, concurrency 16, through a proxy in this process');
  const clean: Proxy = await countingProxy(fake.baseUrl);
  const faulty: Proxy = await countingProxy(fake.baseUrl);
  faulty.faults = { rate: 0.2, seed: 3, kinds: ['status', 'status', 'drop-before', 'drop-after'], statuses: [500, 502, 503, 504] };
  let base: Awaited<ReturnType<typeof creates>>;
  try {
    await creates(clean.url, fake.token, 300, 20_000); // warm-up (JIT, connections), not reported
    const before = await creates(clean.url, fake.token, 2000, 20_001);
    const hit = await creates(faulty.url, fake.token, 2000, 20_002);
    // The fault-free rate measured before and after the faulty run, so a machine busier at one moment than the other
    // shows as the spread of these two, not as a ratio.
    const after = await creates(clean.url, fake.token, 2000, 20_003);
    base = { ...before, perSecond: (before.perSecond + after.perSecond) / 2 };
    console.log(`  no faults                                   ${base.perSecond.toFixed(0).padStart(5)} creates/s (${before.perSecond.toFixed(0)} before and ${after.perSecond.toFixed(0)} after the faulty run; ${before.done + after.done} done, ${before.failed + after.failed} failed)`);
    const injected = faulty.injected;
    console.log(
      `  20% random 5xx and dropped connections      ${hit.perSecond.toFixed(0).padStart(5)} creates/s (${hit.done} done, ${hit.failed} failed, ${(hit.applyMs / 1000).toFixed(1)} s): ${((100 * hit.perSecond) / base.perSecond).toFixed(0)}% of the fault-free rate (goal >= 50%); injected ${injected.status} 5xx, ${injected['drop-before']} dropped before, ${injected['drop-after']} dropped after the server's answer`,
    );
  } finally {
    await clean.close();
    await faulty.close();
  }
  // Limits under what this machine's sync reaches without one, so that the limit, not the machine, is what is met.
  for (const limit of [Math.round(base.perSecond / 4), Math.round(base.perSecond / 2)]) {
    const throttled = await countingProxy(fake.baseUrl, { gate: tokenBucket(limit) });
    try {
      const started = performance.now();
      const run = await creates(throttled.url, fake.token, 2000, 30_000 + limit);
      // The settled rate: requests the API accepted per second, after the first 5 seconds of the run.
      const from = started + 5000;
      const accepted = throttled.requests.filter((r) => r.status !== 429).map((r) => r.at);
      const settled = accepted.filter((t) => t >= from);
      const seconds = (accepted.at(-1)! - from) / 1000;
      const rate = settled.length / seconds;
      console.log(
        `  an API answering 429 above ${String(limit).padStart(3)} requests/s   settled at ${rate.toFixed(0).padStart(4)} requests/s: ${((100 * rate) / limit).toFixed(0)}% of the limit (goal >= 80%); ${throttled.requests.length - accepted.length} answered 429; ${run.done} creates done, ${run.failed} failed in ${(run.applyMs / 1000).toFixed(1)} s`,
      );
    } finally {
      await throttled.close();
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'marketplace-sync-bench-'));
const fake = await startFake();
try {
  console.log('marketplace-sync bench: Pro Import fake at latency 0 (its own process), concurrency 16');
if (globalThis.gc === undefined) console.log('(run with node --expose-gc for the held-memory figures: pnpm bench does)');
  // `-- --throughput`: only the throughput rows.
  for (const count of process.argv.includes('--throughput') ? [] : [1_000, 10_000]) {
    const feed = join(dir, `feed-${count}.ndjson`);
    const journal = join(dir, `sync-${count}.journal`);
    writeFeed(feed, count, count);
    console.log(line(`${count} ads, first sync (creates)`, await run(fake.baseUrl, fake.token, feed, journal)));
    await new Promise((r) => setTimeout(r, 500));
    const unchanged = await run(fake.baseUrl, fake.token, feed, journal);
    console.log(line(`${count} ads, unchanged feed`, unchanged));
    console.log(`${''.padEnd(34)} requests of the no-change run: ${JSON.stringify(unchanged.requests)}`);
    writeFeed(feed, count, count, 1);
    console.log(line(`${count} ads, every price changed`, await run(fake.baseUrl, fake.token, feed, journal)));
  }
  console.log('(the fake holds the 1,000-ad dealer\'s ads too during the 10,000 runs: the list pages cover 11,000 ads)');
  await throughput(fake);
} finally {
  fake.stop();
  rmSync(dir, { recursive: true, force: true });
}
