/**
 * Waiting for a publication's asynchronous validation: `GET .../publications/{publicationUuid}` until it leaves
 * `PENDING` (statuses per G-13 of the snapshot: `PENDING`, `PUBLISHED`, `PAUSED`, `REJECTED`, `DELETED`).
 */
import { fillPath, sleep, type Runtime } from '@x/client-runtime';
import { getpublication } from '../generated/operations.gen.js';
import {
  KleinanzeigenHttpError,
  KleinanzeigenPublicationDeletedError,
  KleinanzeigenPublicationError,
  KleinanzeigenPublicationRejectedError,
  KleinanzeigenTimeoutError,
  type Publication,
} from './errors.js';

/**
 * How long and how often to poll.
 *
 * @example
 * await client.publications.waitFor(listingUuid, publicationUuid, { timeoutMs: 300_000, pollMs: 1_000, maxPollMs: 10_000 });
 */
export type WaitOptions = {
  /** Give up (`KleinanzeigenTimeoutError`) after this long. Default 120 000 ms. */
  timeoutMs?: number;
  /** First delay between polls; each next one doubles, up to `maxPollMs`. Default 500 ms. */
  pollMs?: number;
  /** Cap of one delay between polls. Default 5 000 ms. */
  maxPollMs?: number;
  /** Aborts the wait (and the request in flight); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
};

const DEFAULTS = { timeoutMs: 120_000, pollMs: 500, maxPollMs: 5_000 };

/**
 * What counts as the outcome. After a republish the publication may still show its old state for a moment: with
 * `changedSince` (its `updatedAt` before the request) an outcome counts only once the publication was seen `PENDING`
 * or its `updatedAt` moved.
 */
export type WaitGoal = { changedSince?: string | undefined };

function settings(options: WaitOptions): typeof DEFAULTS {
  const pick = (value: number | undefined, fallback: number, name: string): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`waitFor: ${name} must be a non-negative number of milliseconds`);
    return value;
  };
  return {
    timeoutMs: pick(options.timeoutMs, DEFAULTS.timeoutMs, 'timeoutMs'),
    pollMs: Math.max(1, pick(options.pollMs, DEFAULTS.pollMs, 'pollMs')),
    maxPollMs: Math.max(1, pick(options.maxPollMs, DEFAULTS.maxPollMs, 'maxPollMs')),
  };
}

/**
 * A poll that failed although the runtime retried it (no answer, 429, 5xx): the publication is not affected, so the
 * wait goes on polling until its own deadline instead of failing a publication that may well be live.
 */
function passing(error: unknown): error is KleinanzeigenHttpError {
  if (!(error instanceof KleinanzeigenHttpError) || error instanceof KleinanzeigenPublicationError) return false;
  return error.status === undefined || error.status === 429 || error.status >= 500;
}

/**
 * Polls the publication until it is `PUBLISHED` or `PAUSED` (answered), `REJECTED`
 * (`KleinanzeigenPublicationRejectedError` with `statusReason`), `DELETED` (`KleinanzeigenPublicationDeletedError`),
 * in a status this client does not know (`KleinanzeigenPublicationError`: the list is reconstructed), or the time
 * is up (`KleinanzeigenTimeoutError` naming the last status).
 *
 * @example
 * const publication = await waitForPublication(rt, listingUuid, publicationUuid, { timeoutMs: 60_000 });
 */
export async function waitForPublication(rt: Runtime, listingUuid: string, publicationUuid: string, options: WaitOptions = {}, goal: WaitGoal = {}): Promise<Publication> {
  const { timeoutMs, pollMs, maxPollMs } = settings(options);
  const { signal } = options;
  const op = getpublication;
  const where = { method: op.method, path: fillPath(op.path, { uuid: listingUuid, publicationUuid }) };
  const deadline = Date.now() + timeoutMs;
  let delay = pollMs;
  let moved = goal.changedSince === undefined;
  let lastFailure: KleinanzeigenHttpError | undefined;
  let status = 'unknown';
  let last: Publication | undefined;
  const name = `publication ${publicationUuid} of listing ${listingUuid}`;
  for (;;) {
    signal?.throwIfAborted();
    let publication: Publication | undefined;
    try {
      publication = await rt.call<Publication>(op, { path: { uuid: listingUuid, publicationUuid } }, signal === undefined ? {} : { signal });
    } catch (error) {
      if (signal?.aborted || !passing(error)) throw error;
      lastFailure = error;
    }
    if (publication !== undefined) {
      last = publication;
      status = publication.status;
      const outcome = outcomeOf(publication, name, where, goal, moved);
      moved = outcome.moved;
      if (outcome.done) return publication;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const failed = lastFailure === undefined ? '' : `; the last poll failed: ${lastFailure.message}`;
      throw new KleinanzeigenTimeoutError(
        `${name} is still ${status} after ${timeoutMs} ms (following ${where.method} ${where.path}); validation can take longer: raise timeoutMs or call publications.waitFor later${failed}`,
        { ...where, ...(last === undefined ? {} : { publication: last }), ...(lastFailure === undefined ? {} : { cause: lastFailure }) },
      );
    }
    await sleep(Math.min(delay, remaining), signal);
    delay = Math.min(maxPollMs, delay * 2);
  }
}

/** Whether a read publication is the wait's outcome (answered) or its failure (thrown), and whether it has moved. */
function outcomeOf(publication: Publication, name: string, where: { method: string; path: string }, goal: WaitGoal, seenMoving: boolean): { done: boolean; moved: boolean } {
  const status: string = publication.status;
  let moved = seenMoving;
  if (status === 'PENDING' || (publication.updatedAt !== undefined && publication.updatedAt !== goal.changedSince)) moved = true;
  if (status === 'DELETED') {
    throw new KleinanzeigenPublicationDeletedError(`${name} is DELETED (its listing was deleted); it cannot be published again: create a new listing`, { ...where, publication });
  }
  if (moved && status === 'REJECTED') {
    const reason = publication.statusReason ?? 'no statusReason given';
    throw new KleinanzeigenPublicationRejectedError(`${name} was REJECTED: ${reason}. Fix the listing (listings.update), then republish`, { ...where, publication });
  }
  if (!['PENDING', 'PUBLISHED', 'PAUSED', 'REJECTED'].includes(status)) {
    throw new KleinanzeigenPublicationError(
      `${name} has status ${JSON.stringify(status)}, which this client does not know (the status list is reconstructed); read it with publications.get`,
      { ...where, publication },
    );
  }
  return { done: moved && (status === 'PUBLISHED' || status === 'PAUSED'), moved };
}
