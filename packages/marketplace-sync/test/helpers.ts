import { createServer, request as httpRequest, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

export type Counted = { method: string; path: string; status: number };

/** A proxy in front of a server that records every request it forwards (method, path without query, status). */
export async function countingProxy(target: string): Promise<{ url: string; requests: Counted[]; delayMs: number; close(): Promise<void>; reset(): void }> {
  const upstream = new URL(target);
  const requests: Counted[] = [];
  const state = { delayMs: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          requests.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', status: answer.statusCode ?? 0 });
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
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value: number) {
      state.delayMs = value;
    },
    reset: () => requests.splice(0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Env = { running: RunningFakeServer; proxy: Awaited<ReturnType<typeof countingProxy>>; token: string; dir: string };

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
