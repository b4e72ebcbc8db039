/**
 * Row 1: one GET through the client against raw `fetch` + `json()` (and openapi-fetch), sequential calls on
 * loopback to a plain node:http server in another process that answers a real ad body. Each round makes one call of
 * each, in a shuffled order, so a slow moment of the machine hits all of them alike.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProImportClient, type paths } from '@x/pro-import-client';
import createClient from 'openapi-fetch';
import { startChild } from './child.js';
import { getText, seedCars, type FakeChild } from './fake-client.js';
import { median, percentile, shuffled } from './measure.js';

export type HttpRow = { p50: Record<Variant, number>; p90: Record<Variant, number>; calls: number };
type Variant = 'raw fetch + json()' | 'raw fetch + json(), 30 s timeout' | 'client car.get' | 'client car.get, no timeout' | 'openapi-fetch GET';

/** A real ad as the fake answers `GET /v4/car/{source_id}`, so the body has the size and shape of production's. */
async function realAdBody(): Promise<string> {
  const fake = await startChild<FakeChild>('fake', ['0']);
  try {
    await seedCars(fake.ready, 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return await getText(fake.ready, '/v4/car/car-0');
  } finally {
    await fake.stop();
  }
}

export async function httpRow(options: { rounds?: number } = {}): Promise<HttpRow> {
  const rounds = options.rounds ?? 4000;
  const warmup = 400;
  const dir = mkdtempSync(join(tmpdir(), 'x-bench-'));
  const bodyFile = join(dir, 'ad.json');
  writeFileSync(bodyFile, await realAdBody());
  const server = await startChild<{ origin: string }>('static-json', [bodyFile]);
  const baseUrl = `${server.ready.origin}/pro-import-api`;
  // A made-up token of a real token's length: only the header's size matters here.
  const token = `eyJ${'x'.repeat(200)}`;
  const client = createProImportClient({ token, baseUrl });
  // The client's default per-attempt timeout (30 s) is an AbortSignal on every fetch, which costs undici a few percent
  // of a loopback call by itself: these two variants show that cost apart from the client's own.
  const untimed = createProImportClient({ token, baseUrl, timeoutMs: Infinity });
  const typed = createClient<paths>({ baseUrl, headers: { 'X-Auth-Token': token } });
  const url = `${baseUrl}/v4/car/car-0`;
  const calls: Record<Variant, () => Promise<unknown>> = {
    'raw fetch + json()': async () => (await fetch(url, { headers: { Accept: 'application/json', 'X-Auth-Token': token } })).json(),
    'raw fetch + json(), 30 s timeout': async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      try {
        return await (await fetch(url, { headers: { Accept: 'application/json', 'X-Auth-Token': token }, signal: controller.signal })).json();
      } finally {
        clearTimeout(timer);
      }
    },
    'client car.get': () => client.car.get('car-0'),
    'client car.get, no timeout': () => untimed.car.get('car-0'),
    'openapi-fetch GET': () => typed.GET('/v4/car/{source_id}', { params: { path: { source_id: 'car-0' } } }),
  };
  const variants = Object.keys(calls) as Variant[];
  const times = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<Variant, number[]>;
  try {
    for (let round = -warmup; round < rounds; round += 1) {
      for (const variant of shuffled(variants, round + warmup + 1)) {
        const start = performance.now();
        await calls[variant]();
        const took = performance.now() - start;
        // The first rounds warm up the JIT and the connections.
        if (round >= 0) times[variant].push(took * 1000);
      }
    }
  } finally {
    await server.stop();
  }
  const p50 = Object.fromEntries(variants.map((v) => [v, median(times[v])])) as Record<Variant, number>;
  const p90 = Object.fromEntries(variants.map((v) => [v, percentile(times[v], 90)])) as Record<Variant, number>;
  return { p50, p90, calls: rounds };
}
