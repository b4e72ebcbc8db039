/**
 * Settling what a failure left open: a publication create or a listing delete whose answer was lost (or was a 500,
 * 502 or 504, which can come after the work) is decided by reading what the API shows, not by guessing.
 */
import { sleep, type CallOptions, type Runtime, type Sent } from '@x/client-runtime';
import { createpublication, deletelisting, getlisting, getpublications } from '../generated/operations.gen.js';
import type { components } from '../generated/paths.gen.js';
import { KleinanzeigenHttpError, KleinanzeigenNotFoundError, KleinanzeigenOutcomeUnknownError, type Publication } from './errors.js';

/** Reads of a settlement, each with the runtime's own retries, before the outcome is left unknown. */
const SETTLING_READS = 3;

/** A failure a later read may not meet: no answer, 429 or 5xx. */
function passing(error: unknown): boolean {
  return error instanceof KleinanzeigenHttpError && (error.status === undefined || error.status === 429 || error.status >= 500);
}

/**
 * A read that decides what a failed write did: tried again (after a pause) when it fails in passing, because
 * giving up on it turns work that was done into a failure.
 *
 * @example
 * const urls = await readToSettle(() => readUrls(), signal);
 */
export async function readToSettle<T>(read: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let round = 1; ; round += 1) {
    try {
      return await read();
    } catch (error) {
      if (signal?.aborted === true || !passing(error) || round >= SETTLING_READS) throw error;
      await sleep(500 * round, signal);
    }
  }
}

type Created = components['schemas']['PublicationCreated'];

/** Creates sent in all when each one's outcome was unknown and the listing showed no new publication. */
const MAX_CREATES = 3;

/** The imprint a publication body names (`imprintUuid`; the names the guide leaves open are read too, G-12). */
function imprintOf(body: unknown): unknown {
  if (body === null || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  return record['imprintUuid'] ?? record['imprintId'] ?? record['imprint_uuid'];
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/**
 * `POST .../publications` whose outcome is settled: the listing's publications are read before it is sent, and when
 * an attempt may have created one without the answer arriving (`KleinanzeigenOutcomeUnknownError`), read again: a
 * new publication under the body's imprint is this create's ("Get All Publications ... find statuses and
 * associated imprints"), and none means it did not happen, so it is sent again (at most three times in all). When
 * the read fails too, the outcome-unknown error stands, saying so.
 *
 * @example
 * const sent = await createPublicationSettled(rt, listingUuid, { imprintUuid }, {});
 */
export async function createPublicationSettled(rt: Runtime, listingUuid: string, body: unknown, options: CallOptions = {}): Promise<Sent<Created>> {
  const readOptions: CallOptions = options.signal === undefined ? {} : { signal: options.signal };
  const read = async (): Promise<Publication[]> => (await rt.send<Publication[]>(getpublications, { path: { uuid: listingUuid } }, readOptions)).data;
  // Read first: an unknown listing fails before anything is sent, and a publication made by a lost attempt is then
  // told from those that were there.
  const before = new Set((await read()).map((p) => p.uuid));
  const imprint = imprintOf(body);
  const aborted = (): boolean => options.signal?.aborted === true;
  for (let sent = 1; ; sent += 1) {
    let unknown: KleinanzeigenOutcomeUnknownError;
    try {
      return await rt.send<Created>(createpublication, { path: { uuid: listingUuid }, body }, options);
    } catch (error) {
      if (!(error instanceof KleinanzeigenOutcomeUnknownError) || aborted()) throw error;
      unknown = error;
    }
    let now: Publication[];
    try {
      now = await readToSettle(read, options.signal);
    } catch (readError) {
      if (aborted()) throw readError;
      throw new KleinanzeigenOutcomeUnknownError(`${unknown.message} (reading the publications failed: ${firstLine(readError)})`, {
        method: unknown.method,
        path: unknown.path,
        operation: unknown.operation,
        cause: unknown,
        ...(unknown.status === undefined ? {} : { status: unknown.status, body: unknown.body }),
        ...(unknown.attempts === undefined ? {} : { attempts: unknown.attempts }),
      });
    }
    const made = now.find((p) => !before.has(p.uuid) && (imprint === undefined || p.imprintUuid === imprint));
    if (made !== undefined) {
      rt.log(`${unknown.method} ${unknown.path}: the answer was lost, and the listing shows the new publication ${made.uuid}: settled`);
      return { data: { uuid: made.uuid }, status: 202, headers: new Headers(), requestId: undefined, attempts: unknown.attempts ?? sent };
    }
    // The listing shows no new publication: the create did not happen, and sending it again is not a blind repeat.
    if (sent >= MAX_CREATES) throw unknown.cause instanceof Error ? unknown.cause : unknown;
    rt.log(`${unknown.method} ${unknown.path}: the answer was lost, and the listing shows no new publication: sending it again`);
  }
}

/**
 * `DELETE /v1/listings/{uuid}` settled. A 404 after an attempt that may have deleted the listing (its answer lost,
 * or a 500/502/504) is the delete done: the listing is gone either way. When the retries run out after such an
 * attempt, the listing is read: not found means it was deleted. A 404 with no such attempt before it stays an
 * error (a wrong uuid, or another account's listing).
 *
 * @example
 * await deleteListingSettled(rt, listingUuid, {});
 */
export async function deleteListingSettled(rt: Runtime, uuid: string, options: CallOptions = {}): Promise<Sent<undefined>> {
  const done = (error: KleinanzeigenHttpError, why: string): Sent<undefined> => {
    rt.log(`DELETE ${error.path}: ${why}: the listing is deleted`);
    return { data: undefined, status: 204, headers: error.headers ?? new Headers(), requestId: error.requestId, attempts: error.attempts ?? 1 };
  };
  try {
    return await rt.send<undefined>(deletelisting, { path: { uuid } }, options);
  } catch (error) {
    if (!(error instanceof KleinanzeigenHttpError) || !error.mayHaveArrived || options.signal?.aborted === true) throw error;
    if (error instanceof KleinanzeigenNotFoundError) return done(error, '404 after an attempt whose answer was lost');
    if (!passing(error)) throw error;
    try {
      const readOptions: CallOptions = options.signal === undefined ? {} : { signal: options.signal };
      await readToSettle(() => rt.send<unknown>(getlisting, { path: { uuid } }, readOptions), options.signal);
    } catch (readError) {
      if (readError instanceof KleinanzeigenNotFoundError) return done(error, 'the retries ran out after an attempt whose answer was lost, and the listing is not found');
    }
    throw error;
  }
}
