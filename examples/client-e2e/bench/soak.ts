/**
 * Soak: creates (createAndWait) and deletes (deleteAndWait) many ads through injected faults with the client's
 * default settings, then checks every outcome against the fake's state and prints how many were lost, duplicated
 * or falsely reported as failed.
 *
 * Faults come from two places, so that both kinds a real network has are there:
 * - the fake's own fault injection (`fake.faults.setRate`): 429, 500, 502, 503, 504 answered before the request
 *   is handled (nothing happened);
 * - a proxy between client and fake that fails requests after the fake handled them (the work was done): the
 *   answer is lost (connection dropped), or replaced by a 500 or a 502; or the connection drops before the request
 *   is forwarded.
 * The two rates are chosen so that `--fault-rate` (default 0.3) of all requests fail.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createProImportClient, type ProImportClient } from '@x/pro-import-client';
import { createAdFactory, type StoredAd } from '@x/pro-import-testkit';
import { startFakeServer, type RunningFakeServer } from '@x/pro-import-testkit/server';

export type SoakOptions = {
  /** Ads to create and then delete. Default 1000. */
  count?: number;
  /** Share of all requests that fail. Default 0.3. */
  faultRate?: number;
  /** Calls in flight at once. Default 50. */
  concurrency?: number;
  /** Seed of the fault draws and of the ads' source_ids. Default 1. */
  seed?: number;
  /** Latency of each asynchronous step of the fake. Default 20 ms. */
  latencyMs?: number;
  /** Wait settings for createAndWait/deleteAndWait; default the client's defaults. */
  wait?: { intervalMs?: number; backoff?: number; maxIntervalMs?: number; timeoutMs?: number };
  /** Retry settings; default the client's defaults. */
  retry?: { retries?: number; minDelayMs?: number; maxDelayMs?: number };
  /** Progress lines; default none. */
  progress?: (line: string) => void;
};

export type PhaseReport = {
  attempted: number;
  /** The call resolved. */
  succeeded: number;
  /** The call resolved but the fake does not have the result (an ad that is not there, or not deleted). */
  lost: number;
  /** The work was done more than once (a second create or delete request processed for one ad). */
  duplicated: number;
  /** The call threw, but the work was done. */
  falseFailures: number;
  /** Of those, the ones that said the outcome is unknown (rather than claiming a failure). */
  falseFailuresOutcomeUnknown: number;
  /** The call threw and nothing was done: a correct failure. */
  trueFailures: number;
  /** Error class name -> count, for every call that threw. */
  errors: Record<string, number>;
  /** Error class name -> the message of the first one, to see why. */
  examples: Record<string, string>;
};

export type SoakReport = {
  options: Required<Pick<SoakOptions, 'count' | 'faultRate' | 'concurrency' | 'seed' | 'latencyMs'>>;
  create: PhaseReport;
  delete: PhaseReport;
  /** Requests the client sent, and how many of them failed by kind. */
  requests: number;
  faults: Record<FaultKind, number>;
  seconds: number;
};

export const PROXY_KINDS = ['dropped before the server', 'answer lost after the work', '500 after the work', '502 after the work'] as const;
export type ProxyKind = (typeof PROXY_KINDS)[number];
type FaultKind = ProxyKind | 'injected by the fake (429/500/502/503/504)';

/** mulberry32: a small seeded PRNG, so a seed replays the same fault draws (in the order requests arrive). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

type Upstream = { status: number; headers: Record<string, string>; body: Buffer };

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: target.host };
    const out = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const plain: Record<string, string> = {};
        for (const [key, value] of Object.entries(res.headers)) if (typeof value === 'string') plain[key] = value;
        resolve({ status: res.statusCode ?? 502, headers: plain, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

/** A proxy in front of the fake that fails `rate` of the requests in one of the PROXY_KINDS ways. */
export async function startFaultyProxy(target: string, rate: number, seed: number, counts: SoakReport['faults'], onRequest: () => void): Promise<{ url: string; close(): Promise<void> }> {
  const random = prng(seed);
  const upstream = new URL(target);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      onRequest();
      const body = await readBody(req);
      const kind: ProxyKind | undefined = random() < rate ? PROXY_KINDS[Math.floor(random() * PROXY_KINDS.length)] : undefined;
      if (kind === 'dropped before the server') {
        counts[kind] += 1;
        req.socket.destroy();
        return;
      }
      const answer = await forward(upstream, req, body);
      if (kind === 'answer lost after the work') {
        counts[kind] += 1;
        req.socket.destroy();
        return;
      }
      if (kind === '500 after the work' || kind === '502 after the work') {
        counts[kind] += 1;
        const status = kind === '500 after the work' ? 500 : 502;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: status === 500 ? 'A server error occurred.' : 'Bad gateway.' }));
        return;
      }
      // Each request counts once, as the client saw it: a fake's fault the proxy then replaced counts as the proxy's.
      if ([429, 500, 502, 503, 504].includes(answer.status)) counts['injected by the fake (429/500/502/503/504)'] += 1;
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    })().catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const path = upstream.pathname.replace(/\/+$/, '');
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  });
  await Promise.all(runners);
}

export function emptyPhase(attempted: number): PhaseReport {
  return { attempted, succeeded: 0, lost: 0, duplicated: 0, falseFailures: 0, falseFailuresOutcomeUnknown: 0, trueFailures: 0, errors: {}, examples: {} };
}

function requestsOf(ad: StoredAd, action: string): number {
  return new Set(ad.log.filter((e) => e.action === action).map((e) => e.request_id)).size;
}

function storedAds(running: RunningFakeServer): Map<string, StoredAd> {
  return new Map(running.fake.snapshot().ads.map((ad) => [ad.source_id, ad]));
}

function tally(report: PhaseReport, error: unknown): void {
  const name = error instanceof Error ? error.constructor.name : typeof error;
  report.errors[name] = (report.errors[name] ?? 0) + 1;
  report.examples[name] ??= error instanceof Error ? error.message.slice(0, 300) : String(error);
}

function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof Error && /OutcomeUnknown/.test(error.constructor.name);
}

/** Runs the soak and answers the figures. */
export async function runSoak(options: SoakOptions = {}): Promise<SoakReport> {
  const settings = {
    count: options.count ?? 1000,
    faultRate: options.faultRate ?? 0.3,
    concurrency: options.concurrency ?? 50,
    seed: options.seed ?? 1,
    latencyMs: options.latencyMs ?? 20,
  };
  const started = Date.now();
  // Half of the faults at the fake (before handling), half at the proxy (after): 1 - (1 - f)(1 - p) = faultRate.
  const fakeRate = settings.faultRate / 2;
  const proxyRate = 1 - (1 - settings.faultRate) / (1 - fakeRate);
  const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: settings.latencyMs } });
  const faults = Object.fromEntries([...PROXY_KINDS, 'injected by the fake (429/500/502/503/504)'].map((k) => [k, 0])) as SoakReport['faults'];
  let requests = 0;
  const proxy = await startFaultyProxy(running.baseUrl, proxyRate, settings.seed, faults, () => {
    requests += 1;
  });
  running.fake.faults.setRate({ rate: fakeRate, statuses: [429, 500, 502, 503, 504], seed: settings.seed });
  try {
    const client: ProImportClient = createProImportClient({
      token: running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' }),
      baseUrl: proxy.url,
      ...(options.retry === undefined ? {} : { retry: options.retry }),
    });
    const factory = createAdFactory({ seed: settings.seed });
    const bodies = Array.from({ length: settings.count }, () => factory.buildAd('car'));

    // Phase 1: createAndWait every ad.
    const create = emptyPhase(bodies.length);
    const createdOk = new Set<string>();
    const createFailed = new Map<string, unknown>();
    let done = 0;
    await pool(bodies, settings.concurrency, async (body) => {
      try {
        await client.car.createAndWait(body, options.wait);
        createdOk.add(body.source_id);
      } catch (error) {
        createFailed.set(body.source_id, error);
        tally(create, error);
      }
      done += 1;
      if (done % 100 === 0) options.progress?.(`create: ${done}/${bodies.length}`);
    });
    running.fake.faults.setRate(null);
    running.fake.flush();
    let ads = storedAds(running);
    for (const body of bodies) {
      const ad = ads.get(body.source_id);
      if (ad !== undefined && requestsOf(ad, 'create') > 1) create.duplicated += 1;
      if (createdOk.has(body.source_id)) {
        create.succeeded += 1;
        if (ad === undefined) create.lost += 1;
        continue;
      }
      if (ad === undefined) create.trueFailures += 1;
      else {
        create.falseFailures += 1;
        if (isOutcomeUnknown(createFailed.get(body.source_id))) create.falseFailuresOutcomeUnknown += 1;
      }
    }
    create.duplicated += [...ads.keys()].filter((id) => !bodies.some((b) => b.source_id === id)).length;

    // Phase 2: deleteAndWait every ad the fake has.
    running.fake.faults.setRate({ rate: fakeRate, statuses: [429, 500, 502, 503, 504], seed: settings.seed + 1 });
    const toDelete = bodies.map((b) => b.source_id).filter((id) => ads.has(id));
    const del = emptyPhase(toDelete.length);
    const deletedOk = new Set<string>();
    const deleteFailed = new Map<string, unknown>();
    done = 0;
    await pool(toDelete, settings.concurrency, async (sourceId) => {
      try {
        await client.car.deleteAndWait(sourceId, options.wait);
        deletedOk.add(sourceId);
      } catch (error) {
        deleteFailed.set(sourceId, error);
        tally(del, error);
      }
      done += 1;
      if (done % 100 === 0) options.progress?.(`delete: ${done}/${toDelete.length}`);
    });
    running.fake.faults.setRate(null);
    running.fake.flush();
    ads = storedAds(running);
    for (const sourceId of toDelete) {
      const ad = ads.get(sourceId);
      const deleted = ad?.state === 'deleted';
      if (ad !== undefined && requestsOf(ad, 'delete') > 1) del.duplicated += 1;
      if (deletedOk.has(sourceId)) {
        del.succeeded += 1;
        if (!deleted) del.lost += 1;
        continue;
      }
      if (!deleted) del.trueFailures += 1;
      else {
        del.falseFailures += 1;
        if (isOutcomeUnknown(deleteFailed.get(sourceId))) del.falseFailuresOutcomeUnknown += 1;
      }
    }
    return { options: settings, create, delete: del, requests, faults, seconds: Math.round((Date.now() - started) / 100) / 10 };
  } finally {
    await proxy.close();
    await running.close();
  }
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(2)}%`;
}

/** The report as the lines the bench prints. */
export function formatSoak(report: SoakReport): string[] {
  const faulted = Object.values(report.faults).reduce((a, b) => a + b, 0);
  const phase = (name: string, p: PhaseReport) => [
    `${name}: ${p.attempted} attempted, ${p.succeeded} succeeded`,
    `  lost:            ${p.lost}`,
    `  duplicated:      ${p.duplicated}`,
    `  false failures:  ${p.falseFailures} (${percent(p.falseFailures, p.attempted)}; of them "outcome unknown": ${p.falseFailuresOutcomeUnknown})`,
    `  true failures:   ${p.trueFailures} (threw, and nothing was done)`,
    `  errors thrown:   ${Object.entries(p.errors).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    ...Object.entries(p.examples).map(([k, message]) => `    e.g. ${k}: ${message}`),
  ];
  return [
    `soak: ${report.options.count} createAndWait then deleteAndWait, client defaults, seed ${report.options.seed}, concurrency ${report.options.concurrency}`,
    `requests: ${report.requests}, faulted: ${faulted} (${percent(faulted, report.requests)})`,
    ...Object.entries(report.faults).map(([kind, n]) => `  ${kind}: ${n}`),
    ...phase('create', report.create),
    ...phase('delete', report.delete),
    `time: ${report.seconds} s`,
  ];
}

export function flag(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return undefined;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number, got ${JSON.stringify(process.argv[index + 1])}`);
  return value;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await runSoak({
    count: flag('count') ?? 1000,
    faultRate: flag('fault-rate') ?? 0.3,
    concurrency: flag('concurrency') ?? 50,
    seed: flag('seed') ?? 1,
    progress: (line) => console.error(line),
  });
  for (const line of formatSoak(report)) console.log(line);
}
