import { diff, fingerprint } from './diff.js';
import type { Journal } from './journal.js';
import { RateLimiter } from './limiter.js';
import type { Action, Adapter, CurrentAd, FieldChange, JsonObject, OpContext, OpResult, Plan, PlanEntry, Prepared } from './types.js';

/** Every outcome an ad can have after `apply` (see `ItemReport.outcome`). */
export const OUTCOMES = ['done', 'failed', 'retried', 'blocked', 'kept', 'unchanged'] as const;

/** The outcome of one ad after `apply`: what was planned, what happened, and what the server said. */
export type ItemReport = {
  sourceId: string;
  type: string;
  line?: number;
  action: Action;
  /**
   * `done`: converged; `failed`: an operation or its processing failed; `retried`: the marketplace's processing was
   * re-done and not waited for (not yet known to be seen); `blocked`, `kept` and `unchanged`: nothing sent.
   */
  outcome: (typeof OUTCOMES)[number];
  requestId?: string;
  /** Log outcomes (image errors, publish errors), the error, or why it is blocked and what to do. */
  messages?: string[];
  errors?: Array<{ path: string; messages: string[] }>;
  warnings?: string[];
  changes?: FieldChange[];
  /** How many times the operation was sent (more than one only after retryable failures). */
  attempts?: number;
  note?: string;
};

export type ApplyResult = {
  items: ItemReport[];
  counts: Record<ItemReport['outcome'], number>;
  /** Every ad is what the feed says and seen as it should be (nothing failed, blocked or retried without waiting). */
  converged: boolean;
  /** 429 answers seen by the rate limiter and the total time it paused. */
  throttled: number;
  pausedMs: number;
};

export type ApplyOptions = {
  /**
   * How many requests are on the wire at the same time. Default 4. When the adapter's requests go through its
   * limiter (both adapters here), that limiter holds them to it and up to four times as many operations run, so an
   * operation waiting out a retry's backoff does not keep the others from the connection; otherwise it is the number
   * of operations at a time.
   */
  concurrency?: number;
  /** Wait for each ad's asynchronous processing and collect its log outcome. Default false. */
  wait?: boolean;
  /** Where each operation is recorded before it is sent and after its answer (resumable runs). */
  journal?: Journal;
  /**
   * The run's rate limiter (default the adapter's, which every request of the adapter goes through); also slowed
   * down by a 429 that the client's own retries gave up on.
   */
  limiter?: RateLimiter;
  /** Attempts per ad for retryable failures (429, 5xx, network), each settled by re-reading the ad first. Default 6. */
  attempts?: number;
  /** Streamed plans: the prepared feed ads of these lines (creates and retries; the plan holds no feed ads). */
  loadCreates?: (lines: ReadonlySet<number>) => AsyncIterable<Prepared>;
  /** Called after each ad. */
  onItem?: (item: ItemReport, progress: { done: number; total: number }) => void;
  signal?: AbortSignal;
  /** Backoff between attempts (tests). */
  backoffMs?: (attempt: number) => number;
};

/** A plan that must not be carried out (too many deletions, an empty feed with deletions). */
export class PlanRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanRefusedError';
  }
}

type Task = { entry: PlanEntry; prepared?: Prepared };

function defaultBackoff(attempt: number): number {
  return Math.min(8000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Carries out a plan with `adapter`: creates and updates in feed order, then deletes; at most `concurrency` at a
 * time, through the run's adaptive rate limit. Each operation is journaled before it is sent and after its answer.
 * A retryable failure (429, 5xx, network) is settled before the next attempt by reading the ad back, so an
 * operation whose answer was lost is never sent twice: a create that did arrive is not created again, an update
 * the server already shows is not sent again. Blocked and unchanged entries are reported, not sent.
 *
 * @example
 * const result = await apply(plan, adapter, { concurrency: 8, wait: true, journal });
 * if (!result.converged) process.exitCode = 1;
 */
export async function apply(plan: Plan, adapter: Adapter, options: ApplyOptions = {}): Promise<ApplyResult> {
  if (plan.refused !== undefined) throw new PlanRefusedError(plan.refused);
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number >= 1, got ${concurrency}`);
  const limiter = options.limiter ?? adapter.limiter ?? new RateLimiter();
  const capped = adapter.limiter !== undefined && limiter === adapter.limiter;
  if (capped) limiter.limitInFlight(concurrency);
  const items: ItemReport[] = [];
  const total = plan.entries.length;
  const report = (item: ItemReport) => {
    items.push(item);
    options.onItem?.(item, { done: items.length, total });
  };
  for (const entry of plan.entries) {
    if (entry.action === 'blocked') {
      report({
        ...baseReport(entry),
        outcome: 'blocked',
        messages: [`${entry.blocked?.reason ?? 'blocked'}; ${entry.blocked?.todo ?? ''}`.replace(/; $/, '')],
        ...(entry.blocked?.errors ? { errors: entry.blocked.errors } : {}),
      });
    } else if (entry.action === 'unchanged' || entry.action === 'kept') {
      report({ ...baseReport(entry), outcome: entry.action, ...(entry.note ? { note: entry.note } : {}) });
    }
  }
  const tasks = taskStream(plan, options);
  const worker = async () => {
    for (;;) {
      if (options.signal?.aborted) return;
      const next = await tasks.next();
      if (next.done === true) return;
      report(await runTask(next.value, adapter, limiter, options));
    }
  };
  await Promise.all(Array.from({ length: capped ? concurrency * 4 : concurrency }, worker));
  options.signal?.throwIfAborted();
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as ApplyResult['counts'];
  for (const item of items) counts[item.outcome] += 1;
  const converged = counts.failed === 0 && counts.blocked === 0 && counts.retried === 0;
  return { items, counts, converged, throttled: limiter.throttled, pausedMs: limiter.pausedMs };
}

function baseReport(entry: PlanEntry): Omit<ItemReport, 'outcome'> {
  return {
    sourceId: entry.sourceId,
    type: entry.type,
    ...(entry.line !== undefined ? { line: entry.line } : {}),
    action: entry.action,
    ...(entry.warnings ? { warnings: entry.warnings } : {}),
    ...(entry.changes ? { changes: entry.changes } : {}),
  };
}

/** Updates, then retries and creates (their feed ads streamed from the feed when the plan holds none), then deletes. */
async function* taskStream(plan: Plan, options: ApplyOptions): AsyncGenerator<Task> {
  for (const entry of plan.entries) if (entry.action === 'update') yield { entry };
  const wanted = plan.entries.filter((e) => e.action === 'retry' || e.action === 'create');
  const missing = wanted.filter((e) => e.desired === undefined);
  for (const entry of wanted) if (entry.desired !== undefined) yield { entry, prepared: entry.desired };
  if (missing.length > 0) {
    const creates = missing.filter((e) => e.action === 'create');
    if (options.loadCreates === undefined) {
      if (creates.length > 0) throw new Error('apply: the plan holds no create bodies (a streamed plan); pass loadCreates');
      for (const entry of missing) yield { entry };
    } else {
      const byLine = new Map(missing.map((e) => [e.line as number, e]));
      for await (const prepared of options.loadCreates(new Set(byLine.keys()))) {
        const entry = byLine.get(prepared.line);
        if (entry === undefined || entry.sourceId !== prepared.sourceId) continue;
        byLine.delete(prepared.line);
        yield { entry, prepared };
      }
      if (byLine.size > 0) throw new Error(`apply: the feed changed while the run was going on (line ${[...byLine.keys()][0]} no longer holds the planned ad); run again`);
    }
  }
  for (const entry of plan.entries) if (entry.action === 'delete') yield { entry };
}

type Step = { op: 'create' | 'update' | 'delete' | 'retry'; body?: JsonObject; changes?: FieldChange[] };

/** Why an ad cannot go on, found while settling a failed attempt (a create whose fate is unknown). */
type Stop = { stop: string };

async function runTask(task: Task, adapter: Adapter, limiter: RateLimiter, options: ApplyOptions): Promise<ItemReport> {
  const { entry } = task;
  const journal = options.journal;
  const fp = entry.fingerprint ?? (entry.action === 'delete' ? 'deleted' : fingerprint(task.prepared?.comparable ?? {}));
  if (entry.action === 'retry' && adapter.retry === undefined) {
    return { ...baseReport(entry), outcome: 'failed', messages: [`${entry.note ?? 'its processing failed'}; this adapter cannot retry it`] };
  }
  const maxAttempts = options.attempts ?? 6;
  const backoff = options.backoffMs ?? defaultBackoff;
  let step: Step | undefined = firstStep(task);
  let attempts = 0;
  let lastError = '';
  const context = { wait: options.wait ?? false, ...(options.signal ? { signal: options.signal } : {}) };
  while (step !== undefined) {
    attempts += 1;
    const remembered = journal?.remembered.get(entry.sourceId);
    await journal?.intent(entry.sourceId, step.op, fp);
    let result: OpResult;
    try {
      const ctx = { ...context, ...(remembered ? { remembered } : {}), remember: async (remote: JsonObject) => journal?.remember(entry.sourceId, remote) };
      result = await send(adapter, task.prepared && entry.desired === undefined ? { ...entry, desired: task.prepared } : entry, step, ctx);
    } catch (error) {
      options.signal?.throwIfAborted();
      lastError = adapter.describeError(error);
      const remote = (error as { remote?: JsonObject } | null)?.remote;
      // The attempt is over: its failure and what it learnt are on record before anything else is sent.
      await journal?.failed(entry.sourceId, step.op, fp, lastError, remote);
      // Every request sent counts against the ad's attempts: a client that already retried this call (a 503 four
      // times) leaves fewer, so retries never multiply (6 attempts here times 4 in the client would be 24 sends).
      const sent = (error as { attempts?: unknown } | null)?.attempts;
      if (typeof sent === 'number' && sent > 1) attempts += sent - 1;
      if (!adapter.retryable(error) || attempts >= maxAttempts) {
        const errors = (error as { errors?: unknown }).errors;
        return {
          ...baseReport(entry),
          outcome: 'failed',
          attempts,
          messages: [lastError],
          ...(Array.isArray(errors) && errors.every((e) => typeof e === 'object' && e !== null && 'path' in e) ? { errors: errors as ItemReport['errors'] } : {}),
        };
      }
      if (statusOf(error) === 429) limiter.slowDown(undefined);
      await sleep(backoff(attempts), options.signal);
      // The answer may have been lost after the server did the work: read the ad back before sending again.
      // A read that fails leaves the ad's state unknown: an idempotent step is sent again, a create never (it may
      // have made something the next run finds).
      const unknown = (why: string): Step | Stop => (step?.op === 'create' ? { stop: `${lastError}; it could not be read back (${why}) to tell whether the create arrived, so it is not sent again: the next run checks` } : (step as Step));
      const next: Step | Stop | undefined = await settle(task, step, adapter, options, fp, unknown).catch((error: unknown) => {
        options.signal?.throwIfAborted();
        return unknown(adapter.describeError(error));
      });
      if (next !== undefined && 'stop' in next) {
        return { ...baseReport(entry), outcome: 'failed', attempts, messages: [next.stop] };
      }
      if (next === undefined) {
        await journal?.done(entry.sourceId, step.op, fp);
        return { ...baseReport(entry), outcome: 'done', attempts, messages: [`settled after a lost answer (${lastError})`] };
      }
      step = next;
      continue;
    }
    // The server took the operation (a processing or publication that failed after it is read from the server next time).
    await journal?.done(entry.sourceId, step.op, fp, { ...(result.requestId ? { requestId: result.requestId } : {}), ...(result.remote ? { remote: result.remote } : {}) });
    return {
      ...baseReport(entry),
      outcome: result.status,
      attempts,
      ...(result.requestId ? { requestId: result.requestId } : {}),
      ...(result.messages && result.messages.length > 0 ? { messages: result.messages } : {}),
    };
  }
  return { ...baseReport(entry), outcome: 'done', attempts };
}

function firstStep(task: Task): Step {
  const { entry } = task;
  if (entry.action === 'create') return { op: 'create', body: task.prepared?.payload ?? entry.payload ?? {} };
  if (entry.action === 'update') return { op: 'update', body: entry.patch ?? {}, ...(entry.changes ? { changes: entry.changes } : {}) };
  if (entry.action === 'retry') return { op: 'retry' };
  return { op: 'delete' };
}

function send(adapter: Adapter, entry: PlanEntry, step: Step, context: OpContext): Promise<OpResult> {
  switch (step.op) {
    case 'create':
      return adapter.create(entry, step.body as JsonObject, context);
    case 'update':
      return adapter.update(entry, step.body as JsonObject, context);
    case 'retry':
      return (adapter.retry as NonNullable<Adapter['retry']>)(entry, context);
    case 'delete':
      return adapter.delete(entry, context);
  }
}

/**
 * After a failed attempt: what is left to do, judged from the ad as the server now holds it: nothing (`undefined`:
 * the work arrived), a create, an update of what still differs, a `retry` of processing that failed, or a stop (the
 * adapter cannot tell whether an earlier create happened).
 */
async function settle(task: Task, step: Step, adapter: Adapter, options: ApplyOptions, fp: string, unknown: (why: string) => Step | Stop): Promise<Step | Stop | undefined> {
  const remembered = options.journal?.remembered.get(task.entry.sourceId);
  const current: CurrentAd | undefined = await adapter.read(task.entry.sourceId, { ...(options.signal ? { signal: options.signal } : {}), ...(remembered ? { remembered } : {}) });
  if (step.op === 'delete') return current === undefined || !current.live ? undefined : step;
  const prepared = task.prepared ?? task.entry.desired;
  if (current === undefined) return step.op === 'create' ? step : { op: 'create', body: prepared?.payload ?? {} };
  if (current.unreadable !== undefined) return unknown(current.unreadable);
  const model = adapter.model;
  if (prepared !== undefined) {
    const conflict = model.conflict(prepared, current);
    if (conflict !== undefined) return { stop: `${conflict.reason}; ${conflict.todo}` };
  }
  const same = current.live && (fingerprint(current.comparable) === fp || (prepared !== undefined && diff(current.comparable, prepared.comparable, (path) => model.ignore?.(path, prepared, current) ?? false).length === 0));
  if (same) return current.outcome?.state === 'failed' ? { op: 'retry' } : undefined;
  if (prepared === undefined) return step;
  const changes = diff(current.comparable, prepared.comparable, (path) => model.ignore?.(path, prepared, current) ?? false);
  return { op: 'update', body: model.patch(prepared, current, changes), changes };
}
