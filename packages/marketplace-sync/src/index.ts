/**
 * `@x/marketplace-sync`: keep a dealer's marketplace ads equal to their stock feed, safely.
 */
import { planSync, type PlanOptions } from './core/plan.js';
import type { CurrentAd, Plan } from './core/types.js';
import { proImportModel } from './pro-import/model.js';

export { apply, OUTCOMES, PlanRefusedError, type ApplyOptions, type ApplyResult, type ItemReport } from './core/apply.js';
export { canonicalJson, diff, fingerprint } from './core/diff.js';
export { FEED_ENCODINGS, FeedError, readFeed, type FeedEncoding } from './core/feed.js';
export { FileJournal, type FileJournalContents, type FileJournalOptions } from './core/file-journal.js';
export { JournalError, recordInMemory, type Journal, type JournalFacts, type JournalIdentity, type JournalMemory, type JournalOp, type JournalRecord } from './core/journal.js';
export { RateLimiter, retryAfterMs, type RateLimiterOptions } from './core/limiter.js';
export { deleteLimit, Planner, planSync, summarise, type DeleteLimit, type PlanOptions } from './core/plan.js';
export { sync, type SyncOptions, type SyncResult } from './core/sync.js';
export type {
  Action,
  Adapter,
  Blocked,
  CurrentAd,
  FeedRecord,
  FieldChange,
  Json,
  JsonObject,
  Model,
  OpContext,
  Outcome,
  OpResult,
  Plan,
  PlanEntry,
  PlanSummary,
  Prepared,
  Remembered,
} from './core/types.js';
export { proImportAdapter, type ProImportAdapterOptions } from './pro-import/adapter.js';
export { comparable as proImportComparable, currentFromServer as proImportCurrent, proImportModel, type ProImportModelOptions } from './pro-import/model.js';
export { ImageError, type FetchImage, type Image } from './kleinanzeigen/images.js';
export {
  kleinanzeigenAdapter,
  ListingOutcomeUnknownError,
  kleinanzeigenModel,
  type KleinanzeigenAdapterOptions,
  type KleinanzeigenModelOptions,
} from './kleinanzeigen/adapter.js';

export { isHtmlReport, renderHtmlReport, type SyncReport } from './cli/html-report.js';

/**
 * The plan from the desired ads to the ads the server holds, per `source_id`: create, update (with its field-level
 * changes and the body to send), delete (only with `deleteMissing`, within `maxDelete`), unchanged or blocked (with
 * the reason and what to do). Pure: nothing is sent. The model defaults to Pro Import's.
 *
 * @example
 * const current = [];
 * for await (const ad of adapter.list({ remembered: new Map() })) current.push(ad);
 * const result = plan(feedAds, current, { deleteMissing: true });
 * for (const entry of result.entries) console.log(entry.action, entry.sourceId, entry.changes?.map((c) => c.path));
 */
export function plan(desired: Iterable<unknown>, current: Iterable<CurrentAd>, options: Partial<PlanOptions> = {}): Plan {
  return planSync(desired, current, { ...options, model: options.model ?? proImportModel() });
}
