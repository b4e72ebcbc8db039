/**
 * Row 4: `GET /v4/ad?limit=10` per second from the fake holding 10,000 ads, against the same fake holding 100 and
 * against a plain node:http server answering the same bytes (the floor). Each server is its own process; the load
 * comes from this one with a fixed number of requests in flight, in slices that alternate in a shuffled order.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, type Child } from './child.js';
import { getText, seedCars, type FakeChild } from './fake-client.js';
import { median, shuffled } from './measure.js';

type Target = { url: string; headers: Record<string, string> };

async function slice(target: Target, ms: number, concurrency: number): Promise<number> {
  let done = 0;
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const response = await fetch(target.url, { headers: target.headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${target.url}: ${response.status}`);
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

async function seededFake(count: number): Promise<Child<FakeChild>> {
  const fake = await startChild<FakeChild>('fake', ['0']);
  await seedCars(fake.ready, count);
  await fetch(`${fake.ready.baseUrl}/__fake/flush`, { method: 'POST', headers: { 'content-type': 'application/json' } }).then((r) => r.arrayBuffer());
  return fake;
}

export type FakeRow = { big: number; small: number; plain: number; ads: { big: number; small: number } };

export async function fakeRow(options: { big?: number; small?: number; rounds?: number; sliceMs?: number; concurrency?: number } = {}): Promise<FakeRow> {
  const ads = { big: options.big ?? 10_000, small: options.small ?? 100 };
  const big = await seededFake(ads.big);
  const small = await seededFake(ads.small);
  const path = '/v4/ad?limit=10';
  const dir = mkdtempSync(join(tmpdir(), 'x-bench-'));
  writeFileSync(join(dir, 'page.json'), await getText(big.ready, path));
  const plain = await startChild<{ origin: string }>('static-json', [join(dir, 'page.json')]);
  const targets: Record<'big' | 'small' | 'plain', Target> = {
    big: { url: `${big.ready.baseUrl}${path}`, headers: { 'X-Auth-Token': big.ready.token } },
    small: { url: `${small.ready.baseUrl}${path}`, headers: { 'X-Auth-Token': small.ready.token } },
    plain: { url: `${plain.ready.origin}/pro-import-api${path}`, headers: { 'X-Auth-Token': big.ready.token } },
  };
  const rates = { big: [] as number[], small: [] as number[], plain: [] as number[] };
  const concurrency = options.concurrency ?? 8;
  try {
    for (const name of ['big', 'small', 'plain'] as const) await slice(targets[name], 300, concurrency);
    for (let round = 0; round < (options.rounds ?? 5); round += 1) {
      for (const name of shuffled(['big', 'small', 'plain'] as const, round + 7)) rates[name].push(await slice(targets[name], options.sliceMs ?? 1_000, concurrency));
    }
  } finally {
    await Promise.all([big.stop(), small.stop(), plain.stop()]);
  }
  return { big: median(rates.big), small: median(rates.small), plain: median(rates.plain), ads };
}
