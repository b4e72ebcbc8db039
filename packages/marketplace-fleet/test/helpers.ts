import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject } from 'vitest';
import { createAdFactory } from '@x/pro-import-testkit';
import { startFakeServer, type RunningFakeServer } from '@x/pro-import-testkit/server';
import { main } from '../src/cli/main.js';
import { migrate } from '../src/db.js';
import { FleetWorker, type WorkerOptions } from '../src/worker.js';
import type { FleetConfig } from '../src/config.js';

export type Ad = Record<string, unknown> & { source_id: string; vehicle_type: string };

const TYPES = ['car', 'boat', 'motorcycle', 'caravan'] as const;

/** `count` valid feed ads of several vehicle types (car, boat, motorcycle, caravan in turn), deterministic for `seed`. */
export function feedAds(count: number, seed: number, prefix: string): Ad[] {
  const factory = createAdFactory({ seed });
  return Array.from({ length: count }, (_, i) => {
    const type = TYPES[i % TYPES.length] as string;
    const ad = factory.buildAd(type, {
      source_id: `${prefix}-${type}-${i}`,
      body: `Ad number ${i}.`,
      price: [{ type: 'list', amount: 100_000 + i, currency: 'SEK' }],
      image_urls: [`https://cdn.example.com/${prefix}/${i}/1.jpg`],
    }) as Record<string, unknown>;
    return { vehicle_type: type, ...ad } as Ad;
  });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'marketplace-fleet-'));
}

export function writeNdjson(file: string, ads: readonly unknown[]): string {
  writeFileSync(file, ads.map((a) => JSON.stringify(a)).join('\n') + (ads.length ? '\n' : ''));
  return file;
}

export function writeConfig(file: string, config: FleetConfig | Record<string, unknown>): string {
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

let databases = 0;

/** A fresh database in the run's PostgreSQL server, migrated. */
export async function freshDatabase(name: string, options: { migrated?: boolean } = {}): Promise<string> {
  const server = inject('postgresUrl');
  const database = `${name.replace(/\W/g, '_')}_${process.pid}_${(databases += 1)}`;
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  await client.end();
  const url = new URL(server);
  url.pathname = `/${database}`;
  if (options.migrated !== false) await migrate({ databaseUrl: url.href });
  return url.href;
}

/** Runs one query against `url`. */
export async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Runs the CLI in this process; answers its exit code and what it printed. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env, cwd });
  return { code, out, err };
}

export type Request = { at: number; method: string; path: string; status: number; dealer: string | undefined; worker: string };

/** The Pro Import fake over HTTP (latency 0, the real clock), recording each request with its answer. */
export async function startProImport(): Promise<RunningFakeServer> {
  return startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
}

/** How many create requests the ad's log holds (its one and only create, when nothing was sent twice). */
export function createsOf(running: RunningFakeServer, dealerCode: string, sourceId: string): number {
  const log = (running.fake.getAd(dealerCode, sourceId)?.log ?? []) as Array<{ action: string; request_id: string }>;
  return new Set(log.filter((e) => e.action === 'create').map((e) => e.request_id)).size;
}

/** A fetch that records each request (and lets a test answer some itself), for in-process workers. */
export function recordingFetch(worker: string, requests: Request[], intercept?: (request: Request & { url: string }) => Response | undefined | Promise<Response | undefined>) {
  return async (request: globalThis.Request): Promise<Response> => {
    const url = new URL(request.url);
    const dealer = request.headers.get('x-auth-token') ?? request.headers.get('authorization') ?? undefined;
    const entry = { at: Date.now(), method: request.method, path: url.pathname, status: 0, dealer, worker };
    const own = await intercept?.({ ...entry, url: request.url });
    entry.at = Date.now();
    const response = own ?? (await globalThis.fetch(request));
    entry.status = response.status;
    requests.push(entry);
    return response;
  };
}

/** An in-process worker (its own pool and pg-boss: to the database, another worker like any other). */
export async function startWorker(options: Partial<WorkerOptions> & Pick<WorkerOptions, 'databaseUrl' | 'config'>, log: string[] = []): Promise<FleetWorker> {
  const worker = new FleetWorker({ pollSeconds: 0.5, maintenanceSeconds: 2, log: (l) => log.push(l), ...options });
  await worker.start();
  return worker;
}

/** Polls `check` until it holds (or throws after `timeoutMs`, naming `what`). */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Dealer states from `status --json`. */
export async function states(databaseUrl: string): Promise<Record<string, string>> {
  const { out } = await runCli(['status', '--json', '--database-url', databaseUrl]);
  const rows = JSON.parse(out[0] ?? '[]') as Array<{ dealer: string; marketplace: string; state: string }>;
  return Object.fromEntries(rows.map((r) => [`${r.dealer}/${r.marketplace}`, r.state]));
}

const BIN = fileURLToPath(new URL('../bin/fleet.mjs', import.meta.url));

/** The real CLI in a child process (a worker as a vendor starts it); its output lines are collected. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  // One process, as `pnpm fleet` starts it (node with the source condition and tsx): a kill -9 kills the worker itself.
  const child = spawn(process.execPath, ['--conditions=@x/source', '--import', 'tsx', BIN, ...args], { env: { ...process.env, ...env }, cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter((l) => l.trim() !== ''));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

/** An HTTP server that serves a feed with an ETag and Last-Modified, answering 304 to a matching conditional request. */
export async function feedServer(): Promise<{ url: string; body: string; setBody(text: string): void; requests: Array<{ ifNoneMatch?: string; ifModifiedSince?: string; status: number }>; failWith: number | undefined; close(): Promise<void> }> {
  const state = { body: '', version: 1, modified: new Date('2026-01-01T00:00:00Z'), failWith: undefined as number | undefined };
  const requests: Array<{ ifNoneMatch?: string; ifModifiedSince?: string; status: number }> = [];
  const server: Server = createServer((req, res) => {
    const ifNoneMatch = req.headers['if-none-match'];
    const ifModifiedSince = req.headers['if-modified-since'];
    const etag = `"v${state.version}"`;
    let status = 200;
    if (state.failWith !== undefined) status = state.failWith;
    else if (ifNoneMatch === etag || (ifNoneMatch === undefined && ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= state.modified.getTime())) status = 304;
    requests.push({ ...(ifNoneMatch ? { ifNoneMatch } : {}), ...(ifModifiedSince ? { ifModifiedSince } : {}), status });
    if (status !== 200) {
      res.writeHead(status, status === 304 ? { ETag: etag } : {});
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson', ETag: etag, 'Last-Modified': state.modified.toUTCString() });
    res.end(state.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/feeds/stock.ndjson`;
  return {
    url,
    get body() {
      return state.body;
    },
    setBody(text: string) {
      state.body = text;
      state.version += 1;
      state.modified = new Date(state.modified.getTime() + 60_000);
    },
    requests,
    get failWith() {
      return state.failWith;
    },
    set failWith(value: number | undefined) {
      state.failWith = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
