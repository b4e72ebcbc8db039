import { createHash } from 'node:crypto';
import { dirname, isAbsolute, resolve } from 'node:path';
import {
  FeedError,
  JournalError,
  kleinanzeigenAdapter,
  PlanRefusedError,
  proImportAdapter,
  RateLimiter,
  sync,
  type Adapter,
  type JournalIdentity,
  type SyncResult,
} from '@x/marketplace-sync';
import type { DealerConfig, FleetConfig } from './config.js';
import type { Sql } from './db.js';
import { FeedFetchError, fetchFeed, safeUrl, type FeedValidators } from './feed.js';
import { LeaseLostError, PgJournal, StoppingError } from './journal.js';
import type { SharedRateLimit } from './rate.js';

/** What `status` shows of one finished run (the `lastRun` of `status --json`). */
export type LastRun = {
  startedAt: string;
  finishedAt: string;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  failed: number;
  blocked: number;
  /** One line, never a secret. */
  error?: string;
};

/** How one attempt at a dealer's sync ended. */
export type RunOutcome =
  | { kind: 'done'; run: LastRun; note?: string; feed?: { etag: string | null; lastModified: string | null; ads: number } }
  /** `retry`: worth another attempt (network, 5xx, a feed host down); otherwise retrying would fail the same way. */
  | { kind: 'failed'; run: LastRun; retry: boolean }
  /** The worker is stopping: the run left everything resumable. */
  | { kind: 'stopped' }
  /** Another worker holds the job now. */
  | { kind: 'lost' };

/** A dealer problem found before anything was sent: fails the dealer with this reason, without retries. */
class DealerProblem extends Error {}

/** What a run needs from its worker. */
export type RunContext = {
  sql: Sql;
  config: FleetConfig;
  env: NodeJS.ProcessEnv;
  shared: (marketplace: string) => SharedRateLimit;
  /** Operations at the same time within one dealer. */
  concurrency: number;
  /** The fetch the API clients use (tests, proxies). */
  fetch?: (request: Request) => Promise<Response>;
  /** After a worker was lost mid-run: how long to wait, from its last recorded send, before reading the server. */
  inFlightGraceMs?: number;
  /** How long a run that ends early waits for the answers of operations in flight. Default 60 000 ms. */
  drainMs?: number;
};

/** The parts of a run the worker reaches into while it goes on: the journal (to stop sending), set once open. */
export type RunHooks = { journal?: PgJournal; stopping: boolean };

const PRO_IMPORT_URL = 'https://api.blocket.se/pro-import-api';
const KLEINANZEIGEN_URL = 'https://developer.kleinanzeigen.de/api/goods';

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

/** Removes every secret from a message (the clients redact their own; this is the last net). */
export function redact(message: string, secrets: readonly string[]): string {
  let out = message.replace(/\s+/g, ' ').trim();
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  return out.length > 500 ? `${out.slice(0, 497)}...` : out;
}

function envValue(env: NodeJS.ProcessEnv, dealer: DealerConfig, field: 'tokenEnv' | 'clientIdEnv' | 'clientSecretEnv'): string {
  const name = dealer[field] as string;
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new DealerProblem(`the environment variable ${name} ("${field}") is not set on this worker: credentials are read from the environment of the worker that runs the job`);
  }
  return value;
}

type Built = { adapter: Adapter; identity: JournalIdentity; where: string; secrets: string[]; limiter: RateLimiter };

function buildAdapter(dealer: DealerConfig, context: RunContext): Built {
  const limiter = new RateLimiter();
  const inner = context.fetch ?? ((request: Request) => globalThis.fetch(request));
  const fetch = context.shared(dealer.marketplace).wrapFetch(inner);
  if (dealer.marketplace === 'kleinanzeigen') {
    const clientId = envValue(context.env, dealer, 'clientIdEnv');
    const clientSecret = envValue(context.env, dealer, 'clientSecretEnv');
    const baseUrl = dealer.baseUrl ?? KLEINANZEIGEN_URL;
    const adapter = kleinanzeigenAdapter({
      clientId,
      clientSecret,
      baseUrl,
      ...(dealer.baseUrl ? { tokenUrl: `${new URL(dealer.baseUrl).origin}/v2/oidc/token` } : {}),
      ...(dealer.imprintUuid ? { imprintUuid: dealer.imprintUuid } : {}),
      ...(dealer.assumeNotCreated ? { assumeNotCreated: new Set(dealer.assumeNotCreated) } : {}),
      fetch,
      limiter,
    });
    // The client id is no secret to the API, but it is a credential: the account is named by its digest.
    return { adapter, identity: { marketplace: 'kleinanzeigen', target: `${baseUrl}#client-${digest(clientId)}` }, where: baseUrl, secrets: [clientSecret, clientId], limiter };
  }
  const token = envValue(context.env, dealer, 'tokenEnv');
  const baseUrl = dealer.baseUrl ?? PRO_IMPORT_URL;
  const adapter = proImportAdapter({ token, baseUrl, ...(dealer.dealerCode ? { dealerCode: dealer.dealerCode } : {}), fetch, limiter });
  return { adapter, identity: { marketplace: 'pro-import', target: `${baseUrl}#${dealer.dealerCode ?? dealer.id}` }, where: baseUrl, secrets: [token], limiter };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** A refused token or credentials: the same answer every time, so no retry. */
function refusal(error: unknown, where: string): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TokenError') return `the token endpoint refused the credentials: ${(error as Error).message}`;
  const status = statusOf(error);
  if (status === 401) return `the server refused the token (401): it is missing, invalid or expired (${where})`;
  if (status === 403) return `the token is not allowed to do this (403): it lacks the scope or the dealer (${where})`;
  return undefined;
}

function isStop(error: unknown): boolean {
  for (let e: unknown = error, i = 0; e !== null && typeof e === 'object' && i < 5; e = (e as { cause?: unknown }).cause, i += 1) {
    if (e instanceof StoppingError) return true;
  }
  return false;
}

function isLost(error: unknown): boolean {
  for (let e: unknown = error, i = 0; e !== null && typeof e === 'object' && i < 5; e = (e as { cause?: unknown }).cause, i += 1) {
    if (e instanceof LeaseLostError) return true;
  }
  return false;
}

function counts(outcome: SyncResult): Omit<LastRun, 'startedAt' | 'finishedAt' | 'error'> {
  const items = outcome.result?.items ?? [];
  const done = (action: string) => items.filter((i) => i.action === action && i.outcome === 'done').length;
  return {
    created: done('create'),
    // A `retry` re-does the marketplace's processing of an ad already right (a failed publish): an update of it.
    updated: done('update') + done('retry'),
    deleted: done('delete'),
    unchanged: outcome.plan.summary.unchanged,
    failed: items.filter((i) => i.outcome === 'failed').length,
    blocked: outcome.plan.summary.blocked,
  };
}

const ZERO = { created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0, blocked: 0 };

/**
 * One attempt at one dealer's sync, on the sync engine: the feed (fetched with a conditional request when it is a
 * URL), the adapter with the dealer's credentials from this worker's environment and the marketplace's shared rate
 * limit, the dealer's PostgreSQL journal (fenced by `lease`), then `sync`. Never throws: every end is a `RunOutcome`.
 *
 * @example
 * const outcome = await runDealer(context, dealer, { lease, validators, signal, hooks });
 */
export async function runDealer(
  context: RunContext,
  dealer: DealerConfig,
  run: { lease: string; validators: FeedValidators & { ads?: number | null }; signal: AbortSignal; hooks: RunHooks },
): Promise<RunOutcome> {
  const startedAt = new Date().toISOString();
  const finish = (fields: Partial<LastRun> = {}): LastRun => ({ startedAt, finishedAt: new Date().toISOString(), ...ZERO, ...fields });
  let secrets: string[] = [];
  let where = dealer.baseUrl ?? (dealer.marketplace === 'kleinanzeigen' ? KLEINANZEIGEN_URL : PRO_IMPORT_URL);
  let discard: (() => void) | undefined;
  let journal: PgJournal | undefined;
  try {
    const built = buildAdapter(dealer, context);
    secrets = built.secrets;
    where = built.where;
    let feed: string;
    let fetched: { etag: string | null; lastModified: string | null } | undefined;
    if (/^https?:\/\//i.test(dealer.feed)) {
      const answer = await fetchFeed(dealer.feed, run.validators, { signal: run.signal });
      if (answer.status === 'unchanged') {
        return { kind: 'done', run: finish({ unchanged: run.validators.ads ?? 0 }), note: `the feed is unchanged (304 Not Modified): nothing to do` };
      }
      discard = answer.discard;
      feed = answer.file;
      fetched = { etag: answer.etag, lastModified: answer.lastModified };
    } else {
      const base = context.config.file ? dirname(context.config.file) : process.cwd();
      feed = isAbsolute(dealer.feed) ? dealer.feed : resolve(base, dealer.feed);
    }
    journal = await PgJournal.open(context.sql, { dealer: dealer.id, marketplace: dealer.marketplace, lease: run.lease, identity: built.identity });
    run.hooks.journal = journal;
    if (run.hooks.stopping) journal.stopIntents();
    const outcome = await sync({
      feed,
      adapter: built.adapter,
      journal,
      ...(dealer.encoding ? { encoding: dealer.encoding } : {}),
      deleteMissing: dealer.deleteMissing === true,
      ...(dealer.maxDelete !== undefined ? { maxDelete: dealer.maxDelete } : {}),
      concurrency: context.concurrency,
      limiter: built.limiter,
      signal: run.signal,
      ...(context.inFlightGraceMs !== undefined ? { inFlightGraceMs: context.inFlightGraceMs } : {}),
    });
    if (outcome.plan.refused !== undefined) return { kind: 'failed', run: finish({ ...ZERO, error: redact(`refused: ${outcome.plan.refused}`, secrets) }), retry: false };
    const tally = counts(outcome);
    if (outcome.result?.converged !== true) {
      const bad = (outcome.result?.items ?? []).filter((i) => i.outcome === 'failed' || i.outcome === 'blocked' || i.outcome === 'retried');
      const retried = bad.filter((i) => i.outcome === 'retried').length;
      const first = bad[0];
      const error = `${bad.length} ad(s) not converged (${tally.failed} failed, ${tally.blocked} blocked${retried ? `, ${retried} retried and not seen yet` : ''})${first ? `; first: ${first.outcome} ${first.sourceId}: ${(first.messages ?? []).join(' | ')}` : ''}`;
      return { kind: 'failed', run: finish({ ...tally, error: redact(error, secrets) }), retry: false };
    }
    const ads = outcome.plan.entries.filter((e) => e.action !== 'delete').length;
    return { kind: 'done', run: finish(tally), ...(fetched ? { feed: { ...fetched, ads } } : {}) };
  } catch (error) {
    if (isLost(error) || isLost(run.signal.reason)) return { kind: 'lost' };
    if (isStop(error) || (run.signal.aborted && isStop(run.signal.reason))) return { kind: 'stopped' };
    const message = (text: string) => redact(text, secrets);
    if (error instanceof DealerProblem || error instanceof JournalError || error instanceof PlanRefusedError) return { kind: 'failed', run: finish({ error: message(error.message) }), retry: false };
    if (error instanceof FeedError) return { kind: 'failed', run: finish({ error: message(`bad feed: ${error.message}`) }), retry: false };
    if (error instanceof FeedFetchError) return { kind: 'failed', run: finish({ error: message(error.message) }), retry: error.transient };
    const refused = refusal(error, where);
    if (refused !== undefined) return { kind: 'failed', run: finish({ error: message(refused) }), retry: false };
    const status = statusOf(error);
    const text = error instanceof Error ? error.message : String(error);
    // No answer, 408, 429, 5xx, a timeout: another attempt later may work. Any other answer (400, 404) will not.
    const transient = status === undefined || status === 408 || status === 429 || status >= 500;
    const hint = status === undefined && /fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|socket/i.test(text) ? ` (cannot reach ${safeUrl(where)})` : '';
    return { kind: 'failed', run: finish({ error: message(`${text}${hint}`) }), retry: transient };
  } finally {
    // `sync` rejects at the first operation refused (the worker stopping, the lease lost) while others may still be
    // waiting for their answers: those answers are recorded before the journal closes (unless the run was aborted,
    // which cuts them off).
    if (journal !== undefined && !run.signal.aborted) await journal.settled(context.drainMs ?? 60_000);
    await journal?.close();
    discard?.();
  }
}
