/**
 * `@x/marketplace-fleet`: sync thousands of dealers to Pro Import and Kleinanzeigen from workers sharing one
 * PostgreSQL database, on pg-boss and the sync engine of `@x/marketplace-sync`.
 */
export { ConfigError, dealerKey, MARKETPLACES, parseFleetConfig, readFleetConfig, type DealerConfig, type FleetConfig, type Marketplace } from './config.js';
export { assertMigrated, DatabaseError, FLEET_VERSION, migrate, QUEUE_DEFAULTS, SCHEDULE_QUEUE, SYNC_QUEUE, type MigrateResult } from './db.js';
export { enqueue, type EnqueueResult, type JobSettings } from './enqueue.js';
export { FeedFetchError, fetchFeed, type FeedValidators, type FetchedFeed } from './feed.js';
export { redact, runDealer, type LastRun, type RunContext, type RunHooks, type RunOutcome } from './job.js';
export { LeaseLostError, PgJournal, StoppingError, type PgJournalOptions } from './journal.js';
export { SharedRateLimit, type SharedRateState, type SharedRateStats } from './rate.js';
export { cronOf, schedule, ScheduleError, type ScheduleResult } from './schedule.js';
export { status, statusJson, statusTable, type DealerState, type DealerStatus, type DealerStatusDetail } from './status.js';
export { FleetWorker, worstTakeoverSeconds, type SyncJobData, type WorkerOptions } from './worker.js';
