import type { RateLimiter } from './limiter.js';

/** The types the marketplace-agnostic engine (plan, apply, journal) shares with each marketplace's adapter. */

/** A plain JSON object. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One ad of the stock feed, as read: a V4 create payload with its `vehicle_type`, and where it was in the feed. */
export type FeedRecord = {
  /** 1-based line of the feed the record starts on. */
  line: number;
  value: unknown;
};

/**
 * What an action does to an ad. `retry` re-does the marketplace's processing of an ad whose fields are right but
 * that buyers do not see (Pro Import: the documented `retry` after a failed `handle_media` or `publish`;
 * Kleinanzeigen: the publication under the configured imprint made, resumed or republished). `kept` is a live ad
 * missing from the feed that is not deleted (no `--delete-missing`). `unchanged`, `kept` and `blocked` send nothing.
 */
export type Action = 'create' | 'update' | 'delete' | 'retry' | 'unchanged' | 'kept' | 'blocked';

/** One changed field: its dotted path (`price`, `category_fields.mileage`), what the server has and what the feed says. */
export type FieldChange = { path: string; from: Json | undefined; to: Json | undefined };

/** Why an ad cannot be synced, and what to do about it. */
export type Blocked = { reason: string; todo: string; errors?: Array<{ path: string; messages: string[] }> };

/** One entry of a plan: what happens to one `source_id`. */
export type PlanEntry = {
  sourceId: string;
  action: Action;
  /** The vehicle type (from the feed, else from the server). */
  type: string;
  /** The feed line of the ad (absent for deletes). */
  line?: number;
  /** `update`: the fields that differ. */
  changes?: FieldChange[];
  /** `update`: the body to send (only the changed fields; `null` clears). */
  patch?: JsonObject;
  /** `create`: the body to send, when the plan holds it (in-memory plans); streamed plans reload it from the feed. */
  payload?: JsonObject;
  /** `blocked`: why and what to do. */
  blocked?: Blocked;
  /** Rules the documentation does not state that the ad breaks: reported, never blocking. */
  warnings?: string[];
  /** Extra facts the adapter needs to carry the entry out (a listing uuid, a revive, ...). */
  remote?: JsonObject;
  /** Why the entry is `unchanged` although the server differs (a change sent earlier and still processing). */
  note?: string;
  /** Fingerprint of the feed ad's comparable form (what the journal records for create and update). */
  fingerprint?: string;
  /** The prepared feed ad, while the plan holds it (create and update of in-memory plans); not part of reports. */
  desired?: Prepared;
};

export type PlanSummary = Record<Action, number> & { live: number };

/** The plan: every entry, counts, and whether deletions were held back by the safety threshold. */
export type Plan = {
  marketplace: string;
  entries: PlanEntry[];
  summary: PlanSummary;
  /** Set when the plan refuses to run: deletions over the threshold, or an empty feed with deletions. */
  refused?: string;
};

/**
 * What the marketplace's model makes of a desired ad: its key, the comparable form (as the server would store it),
 * the body to send on create, or why it is blocked.
 */
export type Prepared = {
  sourceId: string;
  type: string;
  line: number;
  /** The ad as the server would store it, for comparison. */
  comparable: JsonObject;
  /** The create body. */
  payload: JsonObject;
  blocked?: Blocked;
  warnings: string[];
};

/**
 * Whether buyers see an ad the way it is meant to be seen, beyond its fields: the outcome of the marketplace's
 * processing (Pro Import: the ad's log) or publication (Kleinanzeigen: the publication under the imprint).
 * `failed` is re-done by a `retry`; `blocked` needs the operator (a documented refusal, a missing imprint);
 * `pending` is still under way.
 */
export type Outcome =
  | { state: 'ok' }
  | { state: 'pending'; note: string }
  | { state: 'failed'; reason: string }
  | { state: 'blocked'; reason: string; todo: string };

/** An ad the marketplace holds, as the model reads it. */
export type CurrentAd = {
  sourceId: string;
  type: string;
  /** false for deleted ads (soft deletes stay readable). */
  live: boolean;
  comparable: JsonObject;
  /** Facts the model needs for conflicts (api_version, category, registered, a listing uuid, ...). */
  meta: JsonObject;
  /** What buyers see of it (absent: nothing known against it). Only live ads have one. */
  outcome?: Outcome;
  /**
   * Set when the ad could not be read (the server failed after every retry): the ad is left as it is this run
   * (never deleted, never created again) and reported, with this reason.
   */
  unreadable?: string;
};

/** What the engine knows from earlier runs about one `source_id` (from the journal). */
export type Remembered = {
  /** The last operation sent, and whether the server accepted it (`done`) or its fate is unknown (`intent`). */
  op: 'create' | 'update' | 'delete' | 'retry';
  status: 'intent' | 'done' | 'failed';
  /** Fingerprint of the comparable form that operation sent. */
  fingerprint: string;
  at: number;
  /** Adapter facts kept across runs (Kleinanzeigen: listing and publication uuids, image URLs). */
  remote?: JsonObject;
};

/**
 * The pure, marketplace-specific half of an adapter: how feed records become comparable ads, how stored ads are
 * read, what blocks, and what an update sends.
 */
export type Model = {
  readonly marketplace: string;
  /** Checks and normalises one feed record. Throws `FeedError` for a record that is not an ad at all. */
  prepare(record: FeedRecord): Prepared;
  /** Why this desired ad cannot be applied to this stored ad, if it cannot. */
  conflict(desired: Prepared, current: CurrentAd): Blocked | undefined;
  /** The update body for these changes (field-level: merge semantics, `null` clears). */
  patch(desired: Prepared, current: CurrentAd, changes: FieldChange[]): JsonObject;
  /** Fields whose difference means nothing (generated by the server, request-only, ...): skipped by the diff. */
  ignore?(path: string, desired: Prepared, current: CurrentAd): boolean;
};

/** The outcome of one operation sent by `apply`. */
export type OpResult = {
  /**
   * `done`: the server accepted it (and, with `wait`, processed it); `failed`: it reported an error; `retried`: a
   * `retry` the server accepted whose outcome was not waited for (the ad is not known to be seen yet); `blocked`:
   * accepted, but buyers cannot see the ad until the operator acts (`messages` say what: a missing imprint).
   */
  status: 'done' | 'failed' | 'retried' | 'blocked';
  requestId?: string;
  /** Log outcomes (image errors, publish errors) or the error. */
  messages?: string[];
  /** Facts to remember for the next run (journal). */
  remote?: JsonObject;
};

export type OpContext = {
  wait: boolean;
  signal?: AbortSignal;
  /** What the journal knows of this ad from earlier runs. */
  remembered?: Remembered;
  /** Writes facts to the journal at once (a listing uuid learnt before the images are uploaded). */
  remember?: (remote: JsonObject) => Promise<void>;
};

/** The I/O half of an adapter: reads the marketplace's ads and sends the plan's operations. */
export type Adapter = {
  readonly model: Model;
  /** The rate limiter every request of the adapter goes through (the run's throttling is reported from it). */
  readonly limiter?: RateLimiter;
  /** Every ad the marketplace holds for this account, live and deleted, streamed page by page. */
  list(options: { signal?: AbortSignal; remembered: ReadonlyMap<string, Remembered> }): AsyncIterable<CurrentAd>;
  /** One ad, or undefined when the server has none with this key (used to settle an operation whose answer was lost). */
  read(sourceId: string, options: { signal?: AbortSignal; remembered?: Remembered }): Promise<CurrentAd | undefined>;
  create(entry: PlanEntry, payload: JsonObject, context: OpContext): Promise<OpResult>;
  update(entry: PlanEntry, patch: JsonObject, context: OpContext): Promise<OpResult>;
  delete(entry: PlanEntry, context: OpContext): Promise<OpResult>;
  /** Re-does the processing or publication of an ad whose `outcome` is `failed` (the plan's `retry`). */
  retry?(entry: PlanEntry, context: OpContext): Promise<OpResult>;
  /** Whether an error is worth retrying (429, 5xx, network). */
  retryable(error: unknown): boolean;
  /** One line for the report; never contains a secret. */
  describeError(error: unknown): string;
};

/**
 * The server at the base URL does not serve the marketplace's API (a 404 on the list, an answer that is not the
 * API's): nothing is planned from it. The message names the URL and `--base-url`.
 */
export class NotTheApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotTheApiError';
  }
}
