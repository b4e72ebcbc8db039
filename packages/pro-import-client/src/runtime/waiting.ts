import { sentFieldsMatch } from './duplicate.js';
import { ProImportActionError, ProImportHttpError, ProImportNotFoundError, ProImportOutcomeUnknownError, ProImportTimeoutError } from './errors.js';
import { fillPath, paginate, sleep, type OperationSpec, type Runtime, type Sent } from '@x/client-runtime';

/** How to poll the log. Every setting has a default suited to the API's seconds-to-minutes latency. */
export type WaitOptions = {
  /**
   * First delay between polls. Default: half as long as this client has seen the server take to do a request's
   * work (from the times in the log; at least 10 ms, and at least 500 ms when the log's times are in whole seconds),
   * and 1000 ms until it has seen any.
   */
  intervalMs?: number;
  /** Each delay is the previous one times this. Default 1.5. */
  backoff?: number;
  /** Cap of one delay. Default 15 000 ms. */
  maxIntervalMs?: number;
  /** Give up (ProImportTimeoutError) after this long. Default 600 000 ms (10 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
};

export type WaitForOptions<Action = string> = WaitOptions & {
  /** The request whose actions to follow (the `request_id` of its log entries). */
  requestId: string;
  /** The action that must be `done`. */
  action: Action;
};

/** The ad as read after the work was done, the request followed, and that request's log entries. */
export type WaitResult<Ad, Entry> = { ad: Ad; requestId: string; entries: Entry[] };

/** The operations a wait needs: the write (for *AndWait), the log, and the read of one ad. */
export type WaitOperations = { write?: OperationSpec; log: OperationSpec; read: OperationSpec };

type LogEntry = { request_id: string; created: string; action: string; state: string; external_message?: unknown };

const DEFAULTS = { intervalMs: 1000, backoff: 1.5, maxIntervalMs: 15_000, timeoutMs: 600_000 };
/** The shortest first delay the adaptive default chooses. */
const MIN_ADAPTIVE_INTERVAL_MS = 10;

/**
 * How long the server has taken to do a request's work, as this client (its runtime) has seen it: a moving average
 * over the waits it finished, from the log's own times (so polling a little late or early does not change it).
 */
const PACE = new WeakMap<Runtime, { workMs: number }>();

/** Learns from the entries of a request whose work is done. */
function learnPace(rt: Runtime, entries: readonly LogEntry[]): void {
  const times = entries.map((e) => Date.parse(e.created)).filter((t) => Number.isFinite(t));
  if (times.length < 2) return;
  // Times in whole seconds cannot tell 1 ms from 999 ms: never take them for less than a second.
  const wholeSeconds = entries.every((e) => !/\.\d/.test(e.created));
  const workMs = Math.max(Math.max(...times) - Math.min(...times), wholeSeconds ? 1000 : 0);
  const pace = PACE.get(rt);
  if (pace === undefined) PACE.set(rt, { workMs });
  else pace.workMs = 0.7 * pace.workMs + 0.3 * workMs;
}

/** The first delay of a poll: the caller's `intervalMs`, else half the work time seen so far (see `WaitOptions`). */
function firstInterval(rt: Runtime, options: WaitOptions, maxIntervalMs: number): number {
  if (options.intervalMs !== undefined) return options.intervalMs;
  const pace = PACE.get(rt);
  if (pace === undefined) return DEFAULTS.intervalMs;
  return Math.min(maxIntervalMs, Math.max(MIN_ADAPTIVE_INTERVAL_MS, pace.workMs / 2));
}

/** Response headers some deployments use for a request id; the API documents none, so the log is the fallback. */
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id'];

function isLogEntry(value: unknown): value is LogEntry {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.request_id === 'string' && typeof v.action === 'string' && typeof v.state === 'string';
}

/**
 * A poll that failed although the runtime retried it (no answer, 429, 5xx): the work being waited for is not
 * affected, so the wait goes on polling until its own deadline instead of failing a write that succeeded.
 */
function passing(error: unknown): error is ProImportHttpError {
  if (!(error instanceof ProImportHttpError) || error instanceof ProImportActionError) return false;
  return error.status === undefined || error.status === 429 || error.status >= 500;
}

/**
 * Calls `check` until it answers, with growing delays, until `timeoutMs`; `what` names the wait in errors. A
 * check that fails in a passing way (see `passing`) counts as "not yet"; the timeout then names the last failure.
 */
async function poll<R>(rt: Runtime, check: () => Promise<R | undefined>, options: WaitOptions, what: { method: string; path: string; goal: string }): Promise<R> {
  const settings = { ...DEFAULTS, ...stripUndefined(options) };
  const deadline = Date.now() + settings.timeoutMs;
  let interval = firstInterval(rt, options, settings.maxIntervalMs);
  let lastFailure: ProImportHttpError | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    let answer: R | undefined;
    try {
      answer = await check();
    } catch (error) {
      if (options.signal?.aborted || !passing(error)) throw error;
      lastFailure = error;
    }
    if (answer !== undefined) return answer;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const failed = lastFailure === undefined ? '' : `; the last poll failed: ${lastFailure.message}`;
      throw new ProImportTimeoutError(
        `${what.goal} did not happen within ${settings.timeoutMs} ms (following ${what.method} ${what.path}); the API may be slow: raise timeoutMs or check the log later${failed}`,
        { method: what.method, path: what.path, ...(lastFailure === undefined ? {} : { cause: lastFailure }) },
      );
    }
    await sleep(Math.min(interval, remaining), options.signal);
    interval = Math.min(settings.maxIntervalMs, interval * settings.backoff);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function requestEntries(rt: Runtime, log: OperationSpec, sourceId: string, requestId: string, signal?: AbortSignal): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  // request_id is filtered on the server where it is supported and again here where it is not (V3).
  const query = { request_id: requestId, ordering: 'created', limit: 100 };
  for await (const entry of paginate<unknown>(rt, log, { path: { source_id: sourceId }, query }, { signal })) {
    if (isLogEntry(entry) && entry.request_id === requestId) entries.push(entry);
  }
  return entries;
}

/** Throws when an entry failed; answers whether every action in `required` has a `done` entry. */
function settle(entries: LogEntry[], required: readonly string[], where: { method: string; path: string }, requestId: string): boolean {
  const failed = entries.find((e) => e.state === 'error');
  if (failed !== undefined) {
    const message = typeof failed.external_message === 'string' ? failed.external_message : JSON.stringify(failed.external_message ?? null);
    throw new ProImportActionError(`${where.method} ${where.path}: the "${failed.action}" action of request ${requestId} ended in error: ${message} (see entries)`, {
      ...where,
      requestId,
      entries,
    });
  }
  return required.every((action) => entries.some((e) => e.action === action && e.state === 'done'));
}

async function followRequest<Ad>(rt: Runtime, ops: WaitOperations, sourceId: string, requestId: string, required: readonly string[], options: WaitOptions): Promise<WaitResult<Ad, LogEntry>> {
  const where = { method: ops.log.method, path: fillPath(ops.log.path, { source_id: sourceId }) };
  const entries = await poll(
    rt,
    async () => {
      const found = await requestEntries(rt, ops.log, sourceId, requestId, options.signal);
      if (!settle(found, required, where, requestId)) return undefined;
      learnPace(rt, found);
      return found;
    },
    options,
    { ...where, goal: `the ${required.join(' and ')} action of request ${requestId}` },
  );
  const readWhere = { method: ops.read.method, path: fillPath(ops.read.path, { source_id: sourceId }) };
  const ad = await poll(rt, () => rt.call<Ad>(ops.read, { path: { source_id: sourceId } }, { signal: options.signal }), options, { ...readWhere, goal: 'reading the ad after its work was done' });
  return { ad, requestId, entries };
}

/**
 * Waits until `action` of the request `requestId` is done on the ad `sourceId`.
 *
 * @example
 * await client.car.waitFor('car-1', { requestId, action: 'publish', timeoutMs: 120_000 });
 */
export function waitFor<Ad, Entry>(rt: Runtime, ops: WaitOperations, sourceId: string, options: WaitForOptions<string>): Promise<WaitResult<Ad, Entry>> {
  return followRequest<Ad>(rt, ops, sourceId, options.requestId, [options.action], options) as Promise<WaitResult<Ad, Entry>>;
}

/**
 * The request id of a write: a response header when the deployment sends one, else the first log entry of the
 * write's first action that belongs to none of the requests seen before the write and, for writes to an existing
 * ad, is not older than the server's clock just before the write (the `Date` of the log read that preceded it,
 * less one second for the header's resolution; that bound only guards against entries older than the last 100
 * the read saw). The bound is taken before the write, not from its answer, because a write retried after a lost
 * response is answered long after its entry was written. A new ad has exactly one `create`, so a create takes no
 * time bound.
 */
async function findRequestId(
  rt: Runtime,
  ops: WaitOperations,
  sourceId: string,
  sent: { headers: Headers },
  find: { action: string; known: ReadonlySet<string>; since?: number; unfinished?: readonly string[] },
  options: WaitOptions,
): Promise<string> {
  const { action, known, unfinished = [] } = find;
  for (const name of REQUEST_ID_HEADERS) {
    const value = sent.headers.get(name);
    if (value) return value;
  }
  const { since } = find;
  const where = { method: ops.log.method, path: fillPath(ops.log.path, { source_id: sourceId }) };
  return poll(
    rt,
    async () => {
      const candidates = (await actionEntries(rt, ops, sourceId, action, options))
        .filter((e) => !known.has(e.request_id))
        .filter((e) => since === undefined || Date.parse(e.created) >= since);
      // Newest first: the last candidate is the oldest entry after the write, i.e. the one closest to it. With none,
      // a request of the same action that was under way before the write: the server may not start a second one
      // (a DELETE while a delete is pending), and that one's outcome is this write's.
      return candidates[candidates.length - 1]?.request_id ?? unfinished[0];
    },
    options,
    { ...where, goal: `a "${action}" log entry for this call` },
  );
}

/** The newest entries of `action` in the ad's log (one page, newest first). */
async function actionEntries(rt: Runtime, ops: WaitOperations, sourceId: string, action: string, options: WaitOptions): Promise<LogEntry[]> {
  const page = await rt.call<{ results?: unknown[] }>(ops.log, { path: { source_id: sourceId }, query: { action, ordering: '-created', limit: 50 } }, { signal: options.signal });
  return (page.results ?? []).filter(isLogEntry).filter((e) => e.action === action);
}

/** The newest request in the ad's log with an entry of `action`, if any. */
async function latestRequest(rt: Runtime, ops: WaitOperations, sourceId: string, action: string, options: WaitOptions): Promise<string | undefined> {
  const where = { method: ops.log.method, path: fillPath(ops.log.path, { source_id: sourceId }) };
  const entries = await poll(rt, () => actionEntries(rt, ops, sourceId, action, options), options, { ...where, goal: `reading the ${action} requests in the log` });
  return entries[0]?.request_id;
}

/**
 * Request ids already in the ad's log, so a later write's entries can be told apart, and the server's clock at
 * that moment (from the answer's `Date`, less a second for its resolution), which bounds how old they can be.
 */
async function knownRequestIds(
  rt: Runtime,
  ops: WaitOperations,
  sourceId: string,
  options: WaitOptions,
  action?: string,
): Promise<{ known: Set<string>; since?: number; unfinished?: string[] }> {
  try {
    const where = { method: ops.log.method, path: fillPath(ops.log.path, { source_id: sourceId }) };
    const read = await poll(
      rt,
      () => rt.send<{ results?: unknown[] }>(ops.log, { path: { source_id: sourceId }, query: { ordering: '-created', limit: 100 } }, { signal: options.signal }),
      options,
      { ...where, goal: 'reading the log before the write' },
    );
    const entries = (read.data.results ?? []).filter(isLogEntry);
    // With an action: the requests that had an entry of it. A request under way whose entry of that action is still
    // to come (a delete still unpublishing) is then told by that entry, which the write's wait may follow.
    const known = new Set(entries.filter((e) => action === undefined || e.action === action).map((e) => e.request_id));
    const unfinished = action === undefined ? [] : unfinishedRequests(entries, action);
    const serverDate = Date.parse(read.headers.get('Date') ?? '');
    return { known, ...(unfinished.length > 0 ? { unfinished } : {}), ...(Number.isNaN(serverDate) ? {} : { since: serverDate - 1000 }) };
  } catch (error) {
    if (error instanceof ProImportNotFoundError) return { known: new Set() };
    throw error;
  }
}

/** The requests (newest first) with an entry of `action` that is neither done nor failed in any of their entries. */
function unfinishedRequests(entries: readonly LogEntry[], action: string): string[] {
  const ended = new Set(entries.filter((e) => (e.action === action && e.state === 'done') || e.state === 'error').map((e) => e.request_id));
  const ids = entries.filter((e) => e.action === action && !ended.has(e.request_id)).map((e) => e.request_id);
  return [...new Set(ids)];
}

/** The ad's state in an answer (`created` or `deleted`), when it has one. */
function stateOf(ad: unknown): unknown {
  return ad !== null && typeof ad === 'object' ? (ad as { state?: unknown }).state : undefined;
}

function requireWrite(ops: WaitOperations): OperationSpec {
  if (ops.write === undefined) throw new TypeError('this wait helper needs a write operation');
  return ops.write;
}

function sourceIdOf(body: unknown): string {
  const id = body !== null && typeof body === 'object' ? (body as { source_id?: unknown }).source_id : undefined;
  if (typeof id !== 'string' || id === '') throw new TypeError('createAndWait needs the body\'s source_id (a non-empty string) to follow the ad');
  return id;
}

function visibleOf(...candidates: unknown[]): boolean {
  for (const c of candidates) {
    const v = c !== null && typeof c === 'object' ? (c as { visible?: unknown }).visible : undefined;
    if (typeof v === 'boolean') return v;
  }
  return true;
}

/**
 * The create's outcome was unknown (it may have arrived, and reading the ad back failed as well): a wait has more
 * time than one call, so keep reading the ad back, like any poll, until the answer decides. The ad is there and
 * is what was sent: the create succeeded, follow it. Nothing is there, or another ad: the create's own error.
 */
async function decideCreate(rt: Runtime, ops: WaitOperations, sourceId: string, body: unknown, error: unknown, options: WaitOptions): Promise<Sent<unknown>> {
  if (!(error instanceof ProImportOutcomeUnknownError)) throw error;
  rt.log(`${error.method} ${error.path}: outcome unknown; reading ad ${sourceId} back until the answer decides`);
  const where = { method: ops.read.method, path: fillPath(ops.read.path, { source_id: sourceId }) };
  const stored = await poll(
    rt,
    async () => {
      try {
        return { sent: await rt.send<unknown>(ops.read, { path: { source_id: sourceId } }, { signal: options.signal }) };
      } catch (readError) {
        if (readError instanceof ProImportNotFoundError) return { sent: undefined };
        throw readError;
      }
    },
    options,
    { ...where, goal: `an answer to reading ad ${sourceId} back` },
  ).catch((failure: unknown) => {
    // Out of time and still undecided: the create's outcome is as unknown as before.
    throw failure instanceof ProImportTimeoutError ? error : failure;
  });
  if (stored.sent !== undefined && sentFieldsMatch(body, stored.sent.data)) return stored.sent;
  throw error.cause ?? error;
}

/** Creates, then waits for `publish` and a `blocket_ad_id` (visible ads) or `create` and `handle_media` (hidden ones). */
export async function createAndWait<Ad, Entry>(rt: Runtime, ops: WaitOperations, body: unknown, options: WaitOptions = {}): Promise<WaitResult<Ad, Entry>> {
  const write = requireWrite(ops);
  const sourceId = sourceIdOf(body);
  const sent = await rt.send<unknown>(write, { body }, { signal: options.signal }).catch((error: unknown) => decideCreate(rt, ops, sourceId, body, error, options));
  const requestId = await findRequestId(rt, ops, sourceId, sent, { action: 'create', known: new Set() }, options);
  const visible = visibleOf(body, sent.data);
  const result = await followRequest<Ad>(rt, ops, sourceId, requestId, visible ? ['publish'] : ['create', 'handle_media'], options);
  if (!visible || hasBlocketAdId(result.ad)) return result as WaitResult<Ad, Entry>;
  const where = { method: ops.read.method, path: fillPath(ops.read.path, { source_id: sourceId }) };
  const ad = await poll(
    rt,
    async () => {
      const current = await rt.call<Ad>(ops.read, { path: { source_id: sourceId } }, { signal: options.signal });
      return hasBlocketAdId(current) ? current : undefined;
    },
    options,
    { ...where, goal: 'a blocket_ad_id on the published ad' },
  );
  return { ...result, ad } as WaitResult<Ad, Entry>;
}

function hasBlocketAdId(ad: unknown): boolean {
  const id = ad !== null && typeof ad === 'object' ? (ad as { blocket_ad_id?: unknown }).blocket_ad_id : undefined;
  return id !== null && id !== undefined && id !== '';
}

/**
 * How long a wait looks in the log for the request of a write whose every attempt failed without a clear refusal
 * (no answer, 429, 5xx): an attempt may have arrived, and then its entries show up as the worker takes it. A write
 * that never arrived fails with its own error once this has passed (or the wait's `timeoutMs`, if shorter).
 */
const UNANSWERED_WRITE_WINDOW_MS = 10_000;

/**
 * Sends an update or delete. When it fails in a way that leaves open whether an attempt arrived, looks for its
 * request in the log for a bounded time: found, the write did arrive (`requestId`); not found, the write's error.
 */
async function sendOrFind(
  rt: Runtime,
  ops: WaitOperations,
  sourceId: string,
  input: { path: Record<string, string>; body?: unknown },
  find: { action: string; known: ReadonlySet<string>; since?: number; unfinished?: readonly string[] },
  options: WaitOptions,
): Promise<{ sent: Sent<unknown> } | { requestId: string }> {
  const write = requireWrite(ops);
  try {
    return { sent: await rt.send<unknown>(write, input, { signal: options.signal }) };
  } catch (error) {
    if (options.signal?.aborted || !passing(error)) throw error;
    rt.log(`${error.method} ${error.path}: no attempt was answered; looking for it in the log of ${sourceId}`);
    const window = { ...options, timeoutMs: Math.min(options.timeoutMs ?? DEFAULTS.timeoutMs, UNANSWERED_WRITE_WINDOW_MS) };
    const requestId = await findRequestId(rt, ops, sourceId, { headers: new Headers() }, find, window).catch((failure: unknown) => {
      throw failure instanceof ProImportTimeoutError ? error : failure;
    });
    return { requestId };
  }
}

/** PUT or PATCH, then waits for `update` (and `publish` when the ad is visible). */
export async function updateAndWait<Ad, Entry>(rt: Runtime, ops: WaitOperations, sourceId: string, body: unknown, options: WaitOptions = {}): Promise<WaitResult<Ad, Entry>> {
  const before = await knownRequestIds(rt, ops, sourceId, options);
  const outcome = await sendOrFind(rt, ops, sourceId, { path: { source_id: sourceId }, body }, { action: 'update', ...before }, options);
  const requestId = 'sent' in outcome ? await findRequestId(rt, ops, sourceId, outcome.sent, { action: 'update', ...before }, options) : outcome.requestId;
  // Without an answer, the stored ad says whether it is visible (a PATCH need not say).
  const stored = 'sent' in outcome ? outcome.sent.data : await rt.call<unknown>(ops.read, { path: { source_id: sourceId } }, { signal: options.signal });
  const required = visibleOf(body, stored) ? ['update', 'publish'] : ['update'];
  return followRequest<Ad>(rt, ops, sourceId, requestId, required, options) as Promise<WaitResult<Ad, Entry>>;
}

/**
 * The outcome of a followed delete: the ad as read once the delete is done. An ad that reads anything but
 * `state: "deleted"` then is live again (a PUT or PATCH accepted after the DELETE revives a deleted ad of a
 * non-registered category): reporting the delete as done would be false, so it fails, naming why.
 */
async function deletedOrFail<Ad, Entry>(ops: WaitOperations, sourceId: string, result: Promise<WaitResult<Ad, LogEntry>>): Promise<WaitResult<Ad, Entry>> {
  const done = await result;
  const state = stateOf(done.ad);
  if (state === 'deleted') return done as unknown as WaitResult<Ad, Entry>;
  const where = { method: ops.read.method, path: fillPath(ops.read.path, { source_id: sourceId }) };
  throw new ProImportActionError(
    `${where.method} ${where.path}: the delete of request ${done.requestId} is done, but the ad reads state ${JSON.stringify(state ?? null)}: a later request revived it (a PUT or PATCH after a DELETE revives a deleted ad of a non-registered category), so it is live`,
    { ...where, requestId: done.requestId, entries: done.entries },
  );
}

/**
 * DELETE, then waits for the `delete` action (after which the ad reads `state: "deleted"`). An ad that was deleted
 * already answers `state: "deleted"` at once (a live ad's DELETE answers `created` until the worker is done, as the
 * documentation says): then the wait follows the earlier delete request in the log instead of waiting for one that
 * may never come. A delete that was under way before this call (its entries in the log, not done) counts as this
 * call's when the server starts no new one. An ad that is live again once the delete is done (revived by a later
 * PUT or PATCH) fails with `ProImportActionError` instead of being reported deleted.
 */
export async function deleteAndWait<Ad, Entry>(rt: Runtime, ops: WaitOperations, sourceId: string, options: WaitOptions = {}): Promise<WaitResult<Ad, Entry>> {
  const before = await knownRequestIds(rt, ops, sourceId, options, 'delete');
  const outcome = await sendOrFind(rt, ops, sourceId, { path: { source_id: sourceId } }, { action: 'delete', ...before }, options);
  const follow = (requestId: string) => deletedOrFail<Ad, Entry>(ops, sourceId, followRequest<Ad>(rt, ops, sourceId, requestId, ['delete'], options));
  if (!('sent' in outcome)) return follow(outcome.requestId);
  const { sent } = outcome;
  if (stateOf(sent.data) === 'deleted') {
    const previous = await latestRequest(rt, ops, sourceId, 'delete', options);
    if (previous !== undefined) return follow(previous);
  }
  return follow(await findRequestId(rt, ops, sourceId, sent, { action: 'delete', ...before }, options));
}

