import { apply, type ApplyOptions, type ApplyResult } from './apply.js';
import { FeedError, readFeed, type FeedEncoding } from './feed.js';
import type { Journal } from './journal.js';
import { Planner, type PlanOptions } from './plan.js';
import type { Adapter, FeedRecord, Model, Plan, Prepared, Remembered } from './types.js';

export type SyncOptions = Omit<PlanOptions, 'model' | 'remembered'> &
  Omit<ApplyOptions, 'journal' | 'loadCreates'> & {
    /** The feed file: a JSON array or NDJSON of V4 create payloads, each with its `vehicle_type`. Streamed. */
    feed: string;
    /** How the feed file is encoded. Default `utf8` (checked). */
    encoding?: FeedEncoding;
    /**
     * Sync the records that are ads and report the others (not JSON, not an ad) in `invalid`, instead of stopping at
     * the first. Nothing is deleted then: a line that could not be read may be an ad the server holds.
     */
    skipInvalid?: boolean;
    adapter: Adapter;
    /** The journal of this account (resumable runs; remembers what was sent). */
    journal?: Journal;
    /** Without a journal (a dry run): what a journal remembers, read only. */
    remembered?: ReadonlyMap<string, Remembered>;
    /** Plan only: send nothing. */
    dryRun?: boolean;
    /**
     * After a run that was killed, requests it had in flight may still reach the server: the server is read only
     * once this long has passed since the last of them was sent. Default 2000 ms.
     */
    inFlightGraceMs?: number;
    /** Called when a phase starts: reading the feed, listing the server's ads, applying. */
    onPhase?: (phase: 'feed' | 'list' | 'apply', detail: { ads?: number }) => void;
  };

export type SyncResult = {
  plan: Plan;
  /** With `skipInvalid`: the feed records that are not ads, in feed order. */
  invalid: FeedError[];
  /** Absent for a dry run or a refused plan. */
  result?: ApplyResult;
  timings: { planMs: number; applyMs: number };
};

/** Prepares one record; a record that is not an ad is a `FeedError` naming the file and line. */
export function prepareRecord(model: Model, record: FeedRecord, file: string): Prepared {
  try {
    return model.prepare(record);
  } catch (error) {
    if (error instanceof FeedError && error.file === '') throw new FeedError(file, error.line, error.problem);
    throw error;
  }
}

/** The feed ads of `lines`, prepared again (the second and third passes over a streamed feed). */
async function* reread(file: string, model: Model, wanted: (record: FeedRecord) => boolean, options: { signal?: AbortSignal; encoding?: FeedEncoding }): AsyncGenerator<Prepared> {
  // Records that were reported invalid on the first pass are skipped here (they are never wanted).
  for await (const record of readFeed(file, { ...options, onInvalid: () => undefined })) if (wanted(record)) yield prepareRecord(model, record, file);
}

/**
 * Syncs a feed file with a marketplace: streams the feed (keeping a fingerprint per ad, not the ad), lists the
 * server's ads, plans, and (unless `dryRun` or the plan is refused) applies. The feed is read up to three times
 * (fingerprints; the ads whose diff is needed; the bodies of creates, as they are sent), so memory grows with the
 * number of changes, not with the feed.
 *
 * @example
 * const journal = FileJournal.open('.marketplace-sync/d1.journal', { marketplace: 'pro-import', target: 'prod#D1' });
 * const { plan, result } = await sync({ feed: 'stock.ndjson', adapter, journal, deleteMissing: true });
 * await journal.close();
 */
export async function sync(options: SyncOptions): Promise<SyncResult> {
  const { adapter, feed, journal, signal } = options;
  const model = adapter.model;
  const remembered: ReadonlyMap<string, Remembered> = journal?.remembered ?? options.remembered ?? new Map();
  const started = performance.now();
  const planner = new Planner({ ...options, model, remembered, keepDesired: false });
  const invalid: FeedError[] = [];
  const feedOptions = { ...(signal ? { signal } : {}), ...(options.encoding ? { encoding: options.encoding } : {}) };
  const skip = options.skipInvalid === true ? (error: FeedError) => void invalid.push(error) : undefined;
  options.onPhase?.('feed', {});
  let ads = 0;
  for await (const record of readFeed(feed, { ...feedOptions, ...(skip ? { onInvalid: skip } : {}) })) {
    let prepared: Prepared;
    try {
      prepared = prepareRecord(model, record, feed);
    } catch (error) {
      if (skip === undefined || !(error instanceof FeedError)) throw error;
      skip(error);
      continue;
    }
    planner.addDesired(prepared);
    ads += 1;
  }
  if (invalid.length > 0) planner.holdDeletes(`${invalid.length} feed record(s) could not be read (--skip-invalid), and this ad may be one of them`);
  options.onPhase?.('list', { ads });
  const interrupted = journal?.interrupted ?? new Map<string, Remembered>();
  if (interrupted.size > 0) {
    const last = Math.max(...[...interrupted.values()].map((r) => r.at));
    const wait = last + (options.inFlightGraceMs ?? 2000) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  for await (const current of adapter.list({ ...(signal ? { signal } : {}), remembered })) planner.addCurrent(current);
  const needed = planner.needsDesired();
  if (needed.size > 0) {
    for await (const prepared of reread(feed, model, (r) => typeof (r.value as { source_id?: unknown })?.source_id === 'string' && needed.has((r.value as { source_id: string }).source_id), feedOptions)) {
      planner.resolve(prepared);
    }
  }
  const plan = planner.finish();
  const planMs = performance.now() - started;
  if (options.dryRun === true || plan.refused !== undefined) return { plan, invalid, timings: { planMs, applyMs: 0 } };
  options.onPhase?.('apply', { ads });
  const applyStarted = performance.now();
  const result = await apply(plan, adapter, {
    ...options,
    ...(journal ? { journal } : {}),
    loadCreates: (lines) => reread(feed, model, (r) => lines.has(r.line), feedOptions),
  });
  return { plan, invalid, result, timings: { planMs, applyMs: performance.now() - applyStarted } };
}
