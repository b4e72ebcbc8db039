import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestBody, V4BoatCreate, V4CarCreate } from '../src/index.js';
import { startServer, type Received, type Reply } from './server.js';

type Entry = { request_id: string; created: string; action: string; state: string; external_message: string };
type Ad = Record<string, unknown> & { source_id: string; state: string; blocket_ad_id: number | null; visible: boolean };

export type FakeOptions = {
  /** This action's entry ends in `error` instead of `done`. */
  failAction?: string;
  /** The worker never runs: no log entry ever appears. */
  stalled?: boolean;
  /** The response of the first POST is lost (the ad is stored, the connection dropped). */
  loseFirstCreateResponse?: boolean;
  /** Dates the log entries of the lost create this far in the past (a slow retry). */
  lostCreateAgeMs?: number;
  /** Changes the stored ad right after the lost response (someone else wrote it). */
  afterLoss?: (ad: Record<string, unknown>) => void;
  /** Page size of lists when the caller gives no limit. */
  pageSize?: number;
  /** Rewrite `next` links to this origin (a proxy that changes the host). */
  nextOrigin?: string;
  /** A fault before the request is handled (nothing happens): answer a reply to send it instead. */
  before?: (request: Received, index: number) => Reply | undefined;
  /** A fault after the request was handled (the work is done): answer a reply to send it instead of the real one. */
  after?: (request: Received, index: number, reply: Reply) => Reply | undefined;
};

/** The request body examples of the snapshot, by schema, so tests send what the docs show. */
export function example(path: string): Record<string, unknown> {
  const doc = JSON.parse(readFileSync(new URL('../../../spec/pro-import/openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, { post: { requestBody: { content: { 'application/json': { example: Record<string, unknown> } } } } }>;
  };
  return structuredClone(doc.paths[path]?.post.requestBody.content['application/json'].example ?? {});
}

/** The snapshot's documented car example (a complete, valid create body). */
export function carExample(): RequestBody<V4CarCreate> {
  return example('/v4/car') as unknown as RequestBody<V4CarCreate>;
}

/** The snapshot's documented boat example. */
export function boatExample(): RequestBody<V4BoatCreate> {
  return example('/v4/boat') as unknown as RequestBody<V4BoatCreate>;
}

/**
 * A small stateful stand-in for the API over real HTTP: stores ads, answers 201/200/400/404, and runs the
 * asynchronous work one log step per log read, so waits finish after a few polls.
 */
export async function startFakeApi(options: FakeOptions = {}) {
  const ads = new Map<string, Ad>();
  const logs = new Map<string, Entry[]>();
  const queues = new Map<string, Array<() => void>>();
  let lostOne = false;
  let backdate = 0;
  let blocketIds = 1000;

  const queue = (sourceId: string, requestId: string, actions: string[], finish: () => void) => {
    const steps: Array<() => void> = [];
    const log = logs.get(sourceId) ?? [];
    logs.set(sourceId, log);
    for (const action of actions) {
      const add = (state: string) => () =>
        log.push({ request_id: requestId, created: new Date(Date.now() - backdate).toISOString(), action, state, external_message: `${action} ${state}` });
      steps.push(add('processing'));
      steps.push(() => {
        add(options.failAction === action ? 'error' : 'done')();
        if (action === actions[actions.length - 1] && options.failAction !== action) finish();
      });
    }
    queues.set(sourceId, [...(queues.get(sourceId) ?? []), ...steps]);
  };

  const page = (req: Received, items: unknown[], base: string): Reply => {
    const limit = Number(req.query.limit ?? options.pageSize ?? 100);
    const offset = Number(req.query.offset ?? 0);
    const results = items.slice(offset, offset + limit);
    const more = offset + limit < items.length;
    const nextQuery = new URLSearchParams({ ...req.query, limit: String(limit), offset: String(offset + limit) });
    const origin = options.nextOrigin ?? base;
    return { body: { count: items.length, next: more ? `${origin}${req.path}?${nextQuery}` : null, previous: null, results } };
  };

  const server = await startServer((req, index) => {
    const early = options.before?.(req, index);
    if (early !== undefined) return early;
    const reply = handle(req);
    return options.after?.(req, index, reply) ?? reply;
  });

  function handle(req: Received): Reply {
    const base = `http://${req.headers.host}`;
    const match = /^\/pro-import-api\/v4\/([a-z-]+)(?:\/([^/]+))?(?:\/([a-z_]+))?$/.exec(req.path);
    if (match === null) return { status: 404, body: { detail: 'Not found.' } };
    const [, , rawId, action] = match;
    const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
    if (id === undefined && req.method === 'POST') {
      const body = req.body as Record<string, unknown>;
      const sourceId = String(body.source_id);
      if (ads.has(sourceId)) return { status: 400, body: { source_id: ['Ad with this source_id already exists.'] } };
      const { image_urls: _images, ...fields } = body;
      const ad: Ad = { ...fields, source_id: sourceId, state: 'created', blocket_ad_id: null, visible: body.visible !== false };
      ads.set(sourceId, ad);
      const actions = ad.visible ? ['create', 'handle_media', 'publish'] : ['create', 'handle_media'];
      queue(sourceId, randomUUID(), actions, () => {
        if (ad.visible) ad.blocket_ad_id = (blocketIds += 1);
      });
      if (options.loseFirstCreateResponse && !lostOne) {
        lostOne = true;
        options.afterLoss?.(ad);
        if (options.lostCreateAgeMs !== undefined) backdate = options.lostCreateAgeMs;
        return { destroy: true };
      }
      return { status: 201, body: ad };
    }
    if (id === undefined) return page(req, [...ads.values()], base);
    const ad = ads.get(id);
    if (ad === undefined) return { status: 404, body: { detail: 'Not found.' } };
    if (action === 'log') {
      if (!options.stalled) queues.get(id)?.shift()?.();
      let entries = [...(logs.get(id) ?? [])];
      if (req.query.request_id) entries = entries.filter((e) => e.request_id === req.query.request_id);
      if (req.query.action) entries = entries.filter((e) => e.action === req.query.action);
      if (req.query.ordering === '-created') entries.reverse();
      return page(req, entries, base);
    }
    if (req.method === 'GET') return { body: ad };
    if (req.method === 'PUT' || req.method === 'PATCH') {
      Object.assign(ad, req.body);
      queue(id, randomUUID(), ad.visible ? ['update', 'publish'] : ['update'], () => undefined);
      return { body: ad };
    }
    if (req.method === 'DELETE') {
      queue(id, randomUUID(), ['delete'], () => {
        ad.state = 'deleted';
      });
      return { body: ad };
    }
    return { status: 405, body: { detail: 'Method not allowed.' } };
  }
  return { ...server, ads, logs };
}
