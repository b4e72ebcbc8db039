import {
  createProImportClient,
  ProImportActionError,
  ProImportHttpError,
  ProImportNotFoundError,
  ProImportTimeoutError,
  ProImportValidationError,
  type ProImportClient,
} from '@x/pro-import-client';
import { isObject } from '../core/diff.js';
import { RateLimiter } from '../core/limiter.js';
import { NotTheApiError, type Adapter, type CurrentAd, type JsonObject, type OpContext, type OpResult, type PlanEntry, type Remembered } from '../core/types.js';
import { currentFromServer, namespaceOf, proImportModel, type ProImportModelOptions } from './model.js';
import { inOrder, processingOutcome } from './processing.js';

export type ProImportAdapterOptions = ProImportModelOptions & {
  /** A client you made; or `token` (and `baseUrl`, `fetch`) for one made here, whose every request goes through `limiter`. */
  client?: ProImportClient;
  token?: string;
  baseUrl?: string;
  fetch?: (request: Request) => Promise<Response>;
  /** The run's adaptive rate limit (made here when absent). */
  limiter?: RateLimiter;
  /** Per request: no answer within this long is a timeout (then retried by the client). Default the client's (30 s). */
  timeoutMs?: number;
  /** Ads per list page. Default 1000 (the API's maximum). */
  pageSize?: number;
  /** How `wait` polls the log (see the client's `WaitOptions`). */
  waitOptions?: { intervalMs?: number; maxIntervalMs?: number; timeoutMs?: number };
};

type Namespace = {
  create(body: unknown, options?: { signal?: AbortSignal }): Promise<unknown>;
  patch(sourceId: string, body: unknown, options?: { signal?: AbortSignal }): Promise<unknown>;
  createAndWait(body: unknown, options?: object): Promise<{ requestId: string; entries: unknown[] }>;
  patchAndWait(sourceId: string, body: unknown, options?: object): Promise<{ requestId: string; entries: unknown[] }>;
};

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/** The log entries of a request that ended in error, as report lines (`handle_media: Image ... not found`). */
function logProblems(entries: unknown[]): string[] {
  return entries
    .filter(isObject)
    .filter((e) => e.state === 'error')
    .map((e) => `${String(e.action)}: ${typeof e.external_message === 'string' ? e.external_message : JSON.stringify(e.external_message)}`);
}

/**
 * The Pro Import adapter: lists the dealer's ads (`GET /v4/ad`, V3 and V4, live and deleted, page by page), creates
 * with the typed endpoint of each vehicle type, updates with PATCH (which deep-merges, like PUT: only the changed
 * fields are sent, `null` clears), deletes with `DELETE /v4/ad/{source_id}` and, with `wait`, follows each request's
 * log until it is processed, collecting the log's errors (images, publishing) for the report.
 *
 * @example
 * const adapter = proImportAdapter({ token: process.env.PRO_IMPORT_TOKEN!, dealerCode: 'D1' });
 * const result = await sync({ feed: 'stock.ndjson', adapter });
 */
export function proImportAdapter(options: ProImportAdapterOptions): Adapter & { readonly limiter: RateLimiter; readonly client: ProImportClient } {
  const limiter = options.limiter ?? new RateLimiter();
  const client =
    options.client ??
    (() => {
      if (options.token === undefined) throw new TypeError('proImportAdapter: pass `client` or `token`');
      const inner = options.fetch ?? ((request: Request) => globalThis.fetch(request));
      return createProImportClient({
        token: options.token,
        ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
        fetch: limiter.wrapFetch(inner),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        userAgent: 'x-marketplace-sync',
      });
    })();
  const model = proImportModel(options);
  const where = options.baseUrl ?? 'https://api.blocket.se/pro-import-api';
  const pageSize = options.pageSize ?? 1000;
  const ns = (type: string) => (client as unknown as Record<string, Namespace>)[namespaceOf(type)] as Namespace;
  const waitOptions = (signal?: AbortSignal) => ({ intervalMs: 250, maxIntervalMs: 5000, timeoutMs: 10 * 60_000, ...options.waitOptions, ...(signal ? { signal } : {}) });
  const retryable = (error: unknown) =>
    error instanceof ProImportTimeoutError || (error instanceof ProImportHttpError && !(error instanceof ProImportActionError) && (error.status === undefined || RETRYABLE.has(error.status)));

  // A server that never answered at all is not retried beyond the client's own retries: that is a wrong base URL
  // or a network down, and the user should hear it at once (exit 2), not after a minute.
  let answered = false;
  async function withRetries<T>(what: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await what();
        answered = true;
        return result;
      } catch (error) {
        const neverAnswered = !answered && error instanceof ProImportHttpError && error.status === undefined;
        if (!retryable(error) || neverAnswered || attempt >= 6) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 200 * 2 ** attempt)));
        signal?.throwIfAborted();
      }
    }
  }

  async function waited(run: () => Promise<{ requestId: string; entries: unknown[] }>): Promise<OpResult> {
    try {
      const { requestId, entries } = await run();
      const problems = logProblems(entries);
      return { status: problems.length === 0 ? 'done' : 'failed', requestId, ...(problems.length ? { messages: problems } : {}) };
    } catch (error) {
      if (error instanceof ProImportActionError) return { status: 'failed', requestId: error.requestId, messages: logProblems(error.entries) };
      throw error;
    }
  }

  /** The newest entries of an ad's log, oldest first. */
  async function logPage(sourceId: string, signal?: AbortSignal): Promise<ReturnType<typeof inOrder>> {
    const page = (await client.ads.log(sourceId, { ordering: '-created', limit: 100 }, signal ? { signal } : undefined)) as { results?: unknown[] };
    // Newest first on the page: reversed, so entries written in the same millisecond keep the order they happened in.
    return inOrder([...(page.results ?? [])].reverse());
  }

  /** Follows the request a `retry` started (the first new request in the log) until none of its actions is processing. */
  async function followRetry(sourceId: string, known: ReadonlySet<string>, why: string, signal?: AbortSignal): Promise<OpResult> {
    const { intervalMs, maxIntervalMs, timeoutMs } = waitOptions(signal);
    const deadline = Date.now() + timeoutMs;
    for (let delay = intervalMs; ; delay = Math.min(maxIntervalMs, delay * 1.5)) {
      const entries = await logPage(sourceId, signal);
      const fresh = entries.filter((e) => !known.has(e.request_id));
      const requestId = fresh[0]?.request_id;
      if (requestId !== undefined && fresh.at(-1)?.state !== 'processing') {
        const outcome = processingOutcome(entries);
        if (outcome?.state === 'failed') return { status: 'failed', requestId, messages: [`retried after: ${why}; failed again: ${outcome.reason}`] };
        return { status: 'done', requestId, messages: [`retried after: ${why}`] };
      }
      if (Date.now() + delay > deadline) {
        return { status: 'failed', ...(requestId ? { requestId } : {}), messages: [`re-queued after: ${why}; its processing did not finish within ${Math.round(timeoutMs / 1000)} s`] };
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      signal?.throwIfAborted();
    }
  }

  return {
    model,
    limiter,
    client,
    async *list({ signal }: { signal?: AbortSignal; remembered: ReadonlyMap<string, Remembered> }): AsyncIterable<CurrentAd> {
      for (let offset = 0; ; offset += pageSize) {
        // include=log: each ad's last 100 log entries, which say whether its last processing left it published.
        const query = { limit: pageSize, offset, ordering: 'source_id' as const, include: 'log' as const, ...(options.dealerCode ? { dealer_code: options.dealerCode } : {}) };
        let page: { results?: unknown; next?: unknown };
        try {
          page = (await withRetries(() => client.ads.list(query, signal ? { signal } : undefined), signal)) as { results?: unknown; next?: unknown };
        } catch (error) {
          // The list of the dealer's own ads is never "not found": the base URL does not lead to the API.
          if (error instanceof ProImportNotFoundError) throw new NotTheApiError(`the server at ${where} answered 404 to GET /v4/ad (the list of ads): it does not serve the Pro Import API there; check --base-url (the API's ends in /pro-import-api)`);
          throw error;
        }
        if (!isObject(page) || !Array.isArray(page.results)) {
          throw new NotTheApiError(`the server at ${where} answered GET /v4/ad with JSON that is not a list of ads (no "results"): it does not serve the Pro Import API there; check --base-url`);
        }
        const results = page.results;
        for (const item of results) {
          if (!isObject(item)) continue;
          const current = currentFromServer(item);
          if (current !== undefined) yield current;
        }
        if (results.length < pageSize || page.next === null || page.next === undefined) return;
      }
    },
    async read(sourceId: string, { signal }: { signal?: AbortSignal }): Promise<CurrentAd | undefined> {
      try {
        const ad = await client.ads.get(sourceId, signal ? { signal } : undefined);
        return isObject(ad) ? currentFromServer(ad as JsonObject) : undefined;
      } catch (error) {
        if (error instanceof ProImportNotFoundError) return undefined;
        throw error;
      }
    },
    async create(entry: PlanEntry, payload: JsonObject, context: OpContext): Promise<OpResult> {
      const type = ns(entry.type);
      const prices = Array.isArray(payload.price) ? payload.price : undefined;
      const reduced = prices?.some((p) => isObject(p) && p.type === 'reduced') === true;
      const body = reduced ? { ...payload, price: (prices ?? []).filter((p) => !(isObject(p) && p.type === 'reduced')) } : payload;
      const signal = context.signal ? { signal: context.signal } : undefined;
      let result: OpResult;
      if (context.wait) result = await waited(() => type.createAndWait(body, waitOptions(context.signal)));
      else {
        await type.create(body, signal);
        result = { status: 'done' };
      }
      if (!reduced || result.status === 'failed') return result;
      // "reduced ... not allowed on POST, only on PUT/PATCH": the full price list goes in a PATCH after the create.
      if (context.wait) return waited(() => type.patchAndWait(entry.sourceId, { price: prices }, waitOptions(context.signal)));
      await type.patch(entry.sourceId, { price: prices }, signal);
      return result;
    },
    async update(entry: PlanEntry, patch: JsonObject, context: OpContext): Promise<OpResult> {
      const type = ns(entry.type);
      if (context.wait) return waited(() => type.patchAndWait(entry.sourceId, patch, waitOptions(context.signal)));
      await type.patch(entry.sourceId, patch, context.signal ? { signal: context.signal } : undefined);
      return { status: 'done' };
    },
    async delete(entry: PlanEntry, context: OpContext): Promise<OpResult> {
      try {
        if (context.wait) return await waited(() => client.ads.deleteAndWait(entry.sourceId, waitOptions(context.signal)) as Promise<{ requestId: string; entries: unknown[] }>);
        await client.ads.delete(entry.sourceId, context.signal ? { signal: context.signal } : undefined);
        return { status: 'done' };
      } catch (error) {
        // Gone already (another process, or our own lost answer): the goal is met.
        if (error instanceof ProImportNotFoundError) return { status: 'done', messages: ['the ad was already gone (404)'] };
        throw error;
      }
    },
    async retry(entry: PlanEntry, context: OpContext): Promise<OpResult> {
      const signal = context.signal ? { signal: context.signal } : undefined;
      const why = entry.note ?? 'its last processing failed';
      try {
        if (!context.wait) {
          await client.ads.retry(entry.sourceId, signal);
          return { status: 'retried', messages: [`re-queued (GET /v4/ad/${entry.sourceId}/retry) after: ${why}`] };
        }
        const known = new Set((await logPage(entry.sourceId, context.signal)).map((e) => e.request_id));
        await client.ads.retry(entry.sourceId, signal);
        return await followRetry(entry.sourceId, known, why, context.signal);
      } catch (error) {
        // A documented refusal (a 400 with the server's reason, such as an ad deleted meanwhile) says why not.
        if (error instanceof ProImportValidationError) return { status: 'failed', messages: [`${why}; the server refused the retry: ${error.message}`] };
        throw error;
      }
    },
    retryable,
    describeError(error: unknown): string {
      if (error instanceof Error) return error.message.replace(/\s+/g, ' ');
      return String(error);
    },
  };
}
