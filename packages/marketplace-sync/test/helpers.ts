import { createServer, request as httpRequest, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESOURCES } from '@x/pro-import-client';
import { Random } from '@x/fake-runtime';
import { createAdFactory } from '@x/pro-import-testkit';
import { startFakeServer, type RunningFakeServer } from '@x/pro-import-testkit/server';
import { main } from '../src/cli/main.js';

export type Ad = Record<string, unknown> & { source_id: string; vehicle_type: string };

/** `count` valid feed ads (cars and boats, alternating), deterministic for `seed`. */
export function feedAds(count: number, seed = 1): Ad[] {
  const factory = createAdFactory({ seed });
  const ads: Ad[] = [];
  for (let i = 0; i < count; i += 1) {
    const type = i % 3 === 2 ? 'boat' : 'car';
    const ad = factory.buildAd(type, {
      body: `Ad number ${i}.`,
      price: [{ type: 'list', amount: 100_000 + i, currency: 'SEK' }],
      image_urls: [`https://cdn.example.com/${type}/${i}/1.jpg`],
      ...(type === 'car' ? { category_fields: { registration_number: `ABC${String(i).padStart(3, '0')}`, mileage: 1000 + i } } : {}),
    }) as Record<string, unknown>;
    ads.push({ vehicle_type: type, ...ad } as Ad);
  }
  return ads;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'marketplace-sync-'));
}

export function writeNdjson(file: string, ads: readonly unknown[]): string {
  writeFileSync(file, ads.map((a) => JSON.stringify(a)).join('\n') + (ads.length ? '\n' : ''));
  return file;
}

export type Counted = { method: string; path: string; status: number; /** `performance.now()` when it was answered. */ at: number };

/** How a faulty proxy breaks a request: an error answer before forwarding, no answer at all, or no answer after the server did the work. */
export type ProxyFault = 'status' | 'drop-before' | 'drop-after';

/** Faults the proxy injects: a share of the requests `match` selects (default all), drawn from a seeded PRNG. */
export type ProxyFaults = { rate: number; seed?: number; kinds?: ProxyFault[]; statuses?: number[]; match?: (method: string, path: string) => boolean };

/** A seeded PRNG (the fakes' own), so a faulty run replays. */
function prng(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

export type Proxy = {
  url: string;
  requests: Counted[];
  /**
   * How many requests reached the proxy, counted as they arrive (`requests` records each once it is answered, so a
   * request sent just before its sender died is recorded after it).
   */
  readonly arrived: number;
  delayMs: number;
  /** Faults to inject from now on (`undefined`: none). */
  faults: ProxyFaults | undefined;
  /** How many faults of each kind were injected. */
  injected: Record<ProxyFault, number>;
  close(): Promise<void>;
  reset(): void;
};

/**
 * A proxy in front of a server that records every request it forwards (method, path without query, status) and,
 * with `faults`, breaks some: an error status before forwarding, the connection dropped before forwarding, or
 * dropped after the server answered (the work is done and the answer lost: what the fakes' own faults cannot do).
 * `gate`, asked first for every request, may answer a status of its own instead (a rate limit's 429).
 */
export async function countingProxy(target: string, options: { gate?: () => number | undefined } = {}): Promise<Proxy> {
  const upstream = new URL(target);
  const requests: Counted[] = [];
  const state: { delayMs: number; faults: ProxyFaults | undefined; random: () => number; arrived: number } = { delayMs: 0, faults: undefined, random: prng(1), arrived: 0 };
  const injected: Record<ProxyFault, number> = { status: 0, 'drop-before': 0, 'drop-after': 0 };
  const server: Server = createServer((req, res) => {
    state.arrived += 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
      const path = (req.url ?? '').split('?')[0] ?? '';
      const refused = options.gate?.();
      if (refused !== undefined) {
        requests.push({ method: req.method ?? '', path, status: refused, at: performance.now() });
        res.writeHead(refused, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ detail: 'Request was throttled.' }));
        return;
      }
      const faults = state.faults;
      let fault: ProxyFault | undefined;
      if (faults !== undefined && (faults.match?.(req.method ?? '', path) ?? true) && state.random() < faults.rate) {
        const kinds = faults.kinds ?? ['status', 'drop-before', 'drop-after'];
        fault = kinds[Math.floor(state.random() * kinds.length)];
      }
      if (fault !== undefined) injected[fault] += 1;
      if (fault === 'status') {
        const statuses = faults?.statuses ?? [500, 502, 503];
        const status = statuses[Math.floor(state.random() * statuses.length)] ?? 503;
        requests.push({ method: req.method ?? '', path, status, at: performance.now() });
        // As the fakes' own faults and most servers do: a 503 says when to come back.
        res.writeHead(status, { 'Content-Type': 'application/json', ...(status === 503 ? { 'Retry-After': '1' } : {}) });
        res.end(JSON.stringify({ status, title: 'injected by the test proxy' }));
        return;
      }
      if (fault === 'drop-before') {
        requests.push({ method: req.method ?? '', path, status: 0, at: performance.now() });
        req.socket.destroy();
        return;
      }
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          requests.push({ method: req.method ?? '', path, status: fault === 'drop-after' ? 0 : (answer.statusCode ?? 0), at: performance.now() });
          if (fault === 'drop-after') {
            answer.resume();
            answer.on('end', () => req.socket.destroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    requests,
    injected,
    get arrived() {
      return state.arrived;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value: number) {
      state.delayMs = value;
    },
    get faults() {
      return state.faults;
    },
    set faults(value: ProxyFaults | undefined) {
      state.faults = value;
      state.random = prng(value?.seed ?? 1);
    },
    reset: () => {
      requests.splice(0);
      state.arrived = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Env = { running: RunningFakeServer; proxy: Proxy; token: string; dir: string };

export async function startEnv(): Promise<Env> {
  const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  const proxy = await countingProxy(running.baseUrl);
  const token = running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
  return { running, proxy, token, dir: tempDir() };
}

export async function stopEnv(env: Env): Promise<void> {
  await env.proxy.close();
  await env.running.close();
}

/** Runs the CLI in this process; answers its exit code and what it printed. */
export async function runCli(env: Env, args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--base-url', env.proxy.url, '--journal', join(env.dir, 'sync.journal'), ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    isTty: false,
    env: { PRO_IMPORT_TOKEN: env.token, ...extraEnv },
    cwd: env.dir,
  });
  return { code, out, err };
}

/** Writes requests by `METHOD /first-path-segments` (`POST /v4/car`, `PATCH /v4/car/*`, `GET /v4/ad`). */
export function tally(requests: readonly Counted[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) {
    const parts = r.path.replace(/^\/pro-import-api/, '').split('/').filter(Boolean);
    const key = `${r.method} /${parts.slice(0, 2).join('/')}${parts.length > 2 ? '/*' : ''}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** Runs the fake's queued asynchronous work now (what a real server does in the background). */
export function settled(env: Env): void {
  env.running.fake.flush();
}

/** One valid feed ad of every vehicle type (`<type>-<n>` source_ids), deterministic for `seed`. */
export function everyTypeAds(seed = 1, n = 1): Ad[] {
  const factory = createAdFactory({ seed });
  return Object.keys(RESOURCES)
    .sort()
    .map((type) => {
      const ad = factory.buildAd(type as never, { source_id: `${type}-${n}`, image_urls: [`https://cdn.example.com/${type}/${n}.jpg`] }) as Record<string, unknown>;
      return { vehicle_type: type, ...ad, source_id: `${type}-${n}` } as Ad;
    });
}
