import { diff, fingerprint } from './diff.js';
import type { CurrentAd, FeedRecord, JsonObject, Model, Outcome, Plan, PlanEntry, PlanSummary, Prepared, Remembered } from './types.js';

/** `N` ads or `P%` of the live ads. */
export type DeleteLimit = number | `${number}%`;

export type PlanOptions = {
  /** The marketplace's model (how ads are compared). */
  model: Model;
  /** Delete live ads that are missing from the feed. Default false: they are kept and reported. */
  deleteMissing?: boolean;
  /** The most deletions a plan may hold without `force`: a count or a percentage of the live ads. Default `'20%'`. */
  maxDelete?: DeleteLimit;
  /** Allow more deletions than `maxDelete`, and deleting from an empty feed. */
  force?: boolean;
  /** What earlier runs sent (the journal): a change sent and accepted but not yet visible is not sent again. */
  remembered?: ReadonlyMap<string, Remembered>;
  /** How long an accepted change that the server does not show yet counts as still processing. Default 15 minutes. */
  pendingMs?: number;
  /** The clock, for `pendingMs`. */
  now?: number;
};

const DEFAULT_PENDING_MS = 15 * 60_000;

/** What the planner keeps of a desired ad: its fingerprint always; the ad itself only when asked to. */
type DesiredSummary = {
  sourceId: string;
  type: string;
  line: number;
  fingerprint: string;
  blocked?: Prepared['blocked'];
  warnings: string[];
  prepared?: Prepared;
};

/** A server ad whose fields equal its feed ad: all the planner keeps of it (its meta only when its outcome needs work). */
type SameMark = { sourceId: string; type: string; live: true; same: true; outcome?: Outcome; meta?: JsonObject };

/** Parses `20%` or `15` into a count for `live` ads; throws a usage error for anything else. */
export function deleteLimit(limit: DeleteLimit, live: number): number {
  if (typeof limit === 'number') {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`maxDelete must be a whole number >= 0 or a percentage such as "20%", got ${limit}`);
    return limit;
  }
  const match = /^(\d+(?:\.\d+)?)%$/.exec(limit.trim());
  if (match === null) throw new RangeError(`maxDelete must be a whole number >= 0 or a percentage such as "20%", got "${limit}"`);
  const percent = Number(match[1]);
  if (percent > 100) throw new RangeError(`maxDelete must be at most 100%, got "${limit}"`);
  return Math.floor((live * percent) / 100);
}

/**
 * Builds a plan in steps, so a feed can be streamed: `addDesired` for every feed ad, `addCurrent` for every ad the
 * server holds, then `needsDesired()` names the ads whose diff needs the feed ad again (when `keepDesired` is off),
 * `resolve` takes them, and `finish` gives the plan. `plan()` does all of it over arrays.
 */
export class Planner {
  readonly #options: PlanOptions;
  readonly #keep: boolean;
  readonly #desired = new Map<string, DesiredSummary>();
  readonly #duplicates: PlanEntry[] = [];
  readonly #current = new Map<string, CurrentAd | SameMark>();
  #live = 0;
  #finished = false;
  #holdDeletes: string | undefined;

  constructor(options: PlanOptions & { keepDesired?: boolean }) {
    this.#options = options;
    this.#keep = options.keepDesired ?? true;
  }

  /** Adds one feed ad. A second ad with the same source_id blocks both (the feed is ambiguous). */
  addDesired(prepared: Prepared): void {
    const known = this.#desired.get(prepared.sourceId);
    if (known !== undefined) {
      const reason = `source_id "${prepared.sourceId}" is in the feed twice (lines ${known.line} and ${prepared.line})`;
      known.blocked = { reason, todo: 'keep one ad per source_id in the feed' };
      this.#duplicates.push({
        sourceId: prepared.sourceId,
        action: 'blocked',
        type: prepared.type,
        line: prepared.line,
        blocked: { reason, todo: 'keep one ad per source_id in the feed' },
      });
      return;
    }
    this.#desired.set(prepared.sourceId, {
      sourceId: prepared.sourceId,
      type: prepared.type,
      line: prepared.line,
      fingerprint: fingerprint(prepared.comparable),
      ...(prepared.blocked ? { blocked: prepared.blocked } : {}),
      warnings: prepared.warnings,
      ...(this.#keep ? { prepared } : {}),
    });
  }

  /** Adds one ad the server holds. Ads equal to their feed ad are reduced to a mark. */
  addCurrent(current: CurrentAd): void {
    if (current.live) this.#live += 1;
    const wanted = this.#desired.get(current.sourceId);
    if (wanted !== undefined && wanted.blocked === undefined && current.live && current.unreadable === undefined && wanted.fingerprint === fingerprint(current.comparable)) {
      const { outcome } = current;
      const needsWork = outcome !== undefined && outcome.state !== 'ok';
      this.#current.set(current.sourceId, { sourceId: current.sourceId, type: current.type, live: true, same: true, ...(needsWork ? { outcome, meta: current.meta } : {}) });
      return;
    }
    if (wanted === undefined && !current.live) return;
    this.#current.set(current.sourceId, wanted === undefined ? { ...current, comparable: {} } : current);
  }

  /** Deletes nothing: ads missing from the feed are kept, with `reason` (a feed with unreadable records). */
  holdDeletes(reason: string): void {
    this.#holdDeletes = reason;
  }

  /** The source_ids whose feed ad must be given again (`resolve`) before `finish`, when feed ads are not kept. */
  needsDesired(): Set<string> {
    const ids = new Set<string>();
    if (this.#keep) return ids;
    for (const [id, summary] of this.#desired) {
      if (summary.blocked !== undefined) continue;
      const current = this.#current.get(id);
      if (current !== undefined && !('same' in current) && current.unreadable === undefined) ids.add(id);
    }
    return ids;
  }

  /** Gives the planner a feed ad again (second pass of a streamed feed). */
  resolve(prepared: Prepared): void {
    const summary = this.#desired.get(prepared.sourceId);
    if (summary !== undefined && summary.line === prepared.line) summary.prepared = prepared;
  }

  finish(): Plan {
    if (this.#finished) throw new Error('Planner.finish() was already called');
    this.#finished = true;
    const { model } = this.#options;
    const now = this.#options.now ?? Date.now();
    const pendingMs = this.#options.pendingMs ?? DEFAULT_PENDING_MS;
    const remembered = this.#options.remembered ?? new Map<string, Remembered>();
    const entries: PlanEntry[] = [];
    const desired = [...this.#desired.values()].sort((a, b) => a.line - b.line);
    for (const wanted of desired) {
      const base = {
        sourceId: wanted.sourceId,
        type: wanted.type,
        line: wanted.line,
        fingerprint: wanted.fingerprint,
        ...(wanted.warnings.length > 0 ? { warnings: wanted.warnings } : {}),
      };
      if (wanted.blocked !== undefined) {
        entries.push({ ...base, action: 'blocked', blocked: wanted.blocked });
        continue;
      }
      const current = this.#current.get(wanted.sourceId);
      if (current === undefined) {
        entries.push({ ...base, action: 'create', ...(wanted.prepared ? { payload: wanted.prepared.payload, desired: wanted.prepared } : {}) });
        continue;
      }
      if ('same' in current) {
        entries.push(outcomeEntry(base, current.outcome, current.meta));
        continue;
      }
      if (current.unreadable !== undefined) {
        entries.push({ ...base, action: 'blocked', blocked: { reason: `it could not be read from the server (${current.unreadable})`, todo: 'nothing was sent for it; run again later' } });
        continue;
      }
      const prepared = wanted.prepared;
      if (prepared === undefined) throw new Error(`Planner: the feed ad "${wanted.sourceId}" (line ${wanted.line}) was not given again before finish()`);
      const conflict = model.conflict(prepared, current);
      if (conflict !== undefined) {
        entries.push({ ...base, action: 'blocked', blocked: conflict });
        continue;
      }
      const changes = diff(current.comparable, prepared.comparable, (path) => model.ignore?.(path, prepared, current) ?? false);
      const memory = remembered.get(wanted.sourceId);
      // What failed is exactly what was sent last (the feed has not changed since): the server failed to process it
      // (a failed handle_media leaves the stored images short), so it is re-queued rather than sent again.
      const sentAsIs = memory !== undefined && memory.status === 'done' && memory.op !== 'delete' && memory.fingerprint === wanted.fingerprint;
      if (current.live && current.outcome?.state === 'failed' && sentAsIs) {
        entries.push(outcomeEntry(base, current.outcome, current.meta));
        continue;
      }
      if (current.live && changes.length === 0) {
        entries.push(outcomeEntry(base, current.outcome, current.meta));
        continue;
      }
      if (
        current.live &&
        memory !== undefined &&
        memory.op === 'update' &&
        memory.status === 'done' &&
        memory.fingerprint === wanted.fingerprint &&
        now - memory.at < pendingMs
      ) {
        entries.push({ ...base, action: 'unchanged', note: `this change was sent at ${new Date(memory.at).toISOString()} and the server does not show it yet (processing)` });
        continue;
      }
      entries.push({
        ...base,
        action: 'update',
        changes,
        patch: model.patch(prepared, current, changes),
        desired: prepared,
        ...(current.live ? {} : { note: 'revives the deleted ad' }),
        remote: current.meta,
      });
    }
    entries.push(...this.#duplicates);
    const deletions: PlanEntry[] = [];
    for (const current of this.#current.values()) {
      if (this.#desired.has(current.sourceId) || !current.live) continue;
      const memory = remembered.get(current.sourceId);
      const meta = 'meta' in current ? current.meta : {};
      if (memory?.op === 'delete' && memory.status === 'done' && now - memory.at < pendingMs) {
        entries.push({ sourceId: current.sourceId, type: current.type, action: 'unchanged', note: `deleted at ${new Date(memory.at).toISOString()}; the server is still processing the delete` });
        continue;
      }
      if (this.#options.deleteMissing !== true) {
        entries.push({ sourceId: current.sourceId, type: current.type, action: 'kept', note: 'not in the feed; kept (--delete-missing deletes it)' });
        continue;
      }
      if (this.#holdDeletes !== undefined) {
        entries.push({ sourceId: current.sourceId, type: current.type, action: 'kept', note: `not in the feed, but not deleted: ${this.#holdDeletes}` });
        continue;
      }
      deletions.push({ sourceId: current.sourceId, type: current.type, action: 'delete', remote: meta });
    }
    deletions.sort((a, b) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0));
    entries.push(...deletions);
    const summary = summarise(entries, this.#live);
    const refused = this.#refusal(deletions.length);
    return { marketplace: model.marketplace, entries, summary, ...(refused ? { refused } : {}) };
  }

  #refusal(deletions: number): string | undefined {
    if (this.#options.deleteMissing !== true || this.#options.force === true || deletions === 0) return undefined;
    if (this.#desired.size === 0) {
      return `refused: the feed is empty and --delete-missing would delete all ${deletions} live ads; an empty feed is most likely a broken export (use --force if you really mean it)`;
    }
    const limit = deleteLimit(this.#options.maxDelete ?? '20%', this.#live);
    if (deletions <= limit) return undefined;
    const what = typeof this.#options.maxDelete === 'number' ? `${limit}` : `${limit} (${this.#options.maxDelete ?? '20%'} of ${this.#live} live ads)`;
    return `refused: the plan deletes ${deletions} ads, more than the limit of ${what}; check that the feed is complete, then raise --max-delete or use --force`;
  }
}

/** The entry of an ad whose fields are the feed's: unchanged, or what its outcome on the marketplace asks for. */
function outcomeEntry(base: Omit<PlanEntry, 'action'>, outcome: Outcome | undefined, meta: JsonObject | undefined): PlanEntry {
  switch (outcome?.state) {
    case 'failed':
      return { ...base, action: 'retry', note: outcome.reason, ...(meta ? { remote: meta } : {}) };
    case 'blocked':
      return { ...base, action: 'blocked', blocked: { reason: outcome.reason, todo: outcome.todo } };
    case 'pending':
      return { ...base, action: 'unchanged', note: outcome.note };
    default:
      return { ...base, action: 'unchanged' };
  }
}

export function summarise(entries: readonly PlanEntry[], live: number): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, delete: 0, retry: 0, unchanged: 0, kept: 0, blocked: 0, live };
  for (const entry of entries) summary[entry.action] += 1;
  return summary;
}

/**
 * The plan from the desired ads (feed records or plain create payloads) to the ads the server holds: create, update
 * (with the field-level changes and the body to send), delete, unchanged or blocked, per `source_id`. Pure: it sends
 * nothing and reads nothing but its arguments.
 *
 * @example
 * const current = await collect(adapter.list({ remembered: new Map() }));
 * const result = planSync(feedAds, current, { model: adapter.model, deleteMissing: true });
 * console.log(result.summary); // { create: 3, update: 1, delete: 0, unchanged: 296, blocked: 0, live: 297 }
 */
export function planSync(desired: Iterable<unknown>, current: Iterable<CurrentAd>, options: PlanOptions): Plan {
  const planner = new Planner({ ...options, keepDesired: true });
  let line = 0;
  for (const item of desired) {
    line += 1;
    const record: FeedRecord = isFeedRecord(item) ? item : { line, value: item };
    planner.addDesired(options.model.prepare(record));
  }
  for (const ad of current) planner.addCurrent(ad);
  return planner.finish();
}

function isFeedRecord(value: unknown): value is FeedRecord {
  return value !== null && typeof value === 'object' && 'line' in value && 'value' in value && Object.keys(value).length === 2;
}
