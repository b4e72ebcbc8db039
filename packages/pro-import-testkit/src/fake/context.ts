import type { Principal } from './tokens.js';
import type { FakeState } from './state.js';
import type { StoredAd } from './types.js';
import type { Worker } from './worker.js';
import { resourceFacts } from './facts.js';
import type { DrfErrorBody, ValidateMerged, ValidatePayload } from './validation.js';
import { isRecord, type JsonObject } from '@x/fake-runtime';

/** What an operation answers; the HTTP layer turns it into a response. */
export type ApiResult = { status: number; body: unknown; headers?: Record<string, string> };

/** Which family of endpoints a call came through: typed `/v4/{type}`, generic `/v4/ad`, or `/v3/ad`. */
export type Family = 'typed' | 'ads' | 'v3';

/** Everything an operation needs about one call. */
export type Call = {
  principal: Principal;
  family: Family;
  /** The vehicle type of a typed endpoint. */
  resource: string | null;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The absolute request URL (for `next`/`previous` links). */
  url: URL;
};

/** The pieces of the fake the operations use. */
export type Env = { state: FakeState; worker: Worker; validate: ValidatePayload; validateMerged: ValidateMerged };

export const notFound = (): ApiResult => ({ status: 404, body: { detail: 'Not found.' } });
export const badRequest = (body: DrfErrorBody | JsonObject): ApiResult => ({ status: 400, body });
export const nonField = (message: string): ApiResult => ({ status: 400, body: [message] });

/** Whether an ad can be seen through the endpoints of this call (typed endpoints only see their category). */
export function visibleThrough(ad: StoredAd, call: Call): boolean {
  if (call.family !== 'typed' || call.resource === null) return true;
  const facts = resourceFacts(call.resource);
  if (facts === undefined) return false;
  if (ad.category_id === facts.categoryId || (facts.otherCategoryIds ?? []).includes(ad.category_id)) return true;
  return ad.api_version === 'v3' && facts.legacyCategoryIds.includes(ad.category_id);
}

/**
 * The dealer of the token a `dealer_code` names, compared without case (`d1` names `D1`): the documents say nothing
 * about case, and a dealer code differing only in case most plausibly names the same dealer. `undefined`: none.
 */
export function tokenDealer(call: Call, given: string): string | undefined {
  const exact = call.principal.dealerCodes.find((code) => code === given);
  return exact ?? call.principal.dealerCodes.find((code) => code.toLowerCase() === given.toLowerCase());
}

/** The `dealer_code` a single-ad call names: the body's (writes), else the query's; `undefined` when neither does. */
function namedDealer(call: Call): string | undefined {
  const fromBody = isRecord(call.body) ? call.body.dealer_code : undefined;
  const given = typeof fromBody === 'string' && fromBody !== '' ? fromBody : call.query.get('dealer_code');
  return given === null || given === '' ? undefined : given;
}

/**
 * The ad `source_id` names among the caller's dealers, `undefined` (another dealer's ad is "not found"), or a 400
 * when a dealer-group token reaches ads of several of its dealers under that source_id and no `dealer_code` (in
 * the body or the query) says which: "For updates and deletes, the dealer_code is read from the existing ad", so
 * the server never has to guess, and a guess could change the wrong dealer's ad. A `dealer_code` that names a
 * dealer of the token picks that dealer's ad (and only it).
 */
export function findAd(env: Env, call: Call): StoredAd | undefined | ApiResult {
  const sourceId = call.params.source_id ?? '';
  const found: StoredAd[] = [];
  for (const dealer of new Set(call.principal.dealerCodes)) {
    const ad = env.state.ads.get(env.state.key(dealer, sourceId));
    if (ad !== undefined && visibleThrough(ad, call)) found.push(ad);
  }
  const named = namedDealer(call);
  const dealer = named === undefined ? undefined : tokenDealer(call, named);
  if (dealer !== undefined && call.principal.dealerCodes.length > 1) return found.find((ad) => ad.dealer_code === dealer);
  if (found.length <= 1) return found[0];
  const dealers = found.map((ad) => ad.dealer_code).join(', ');
  return nonField(
    `source_id "${sourceId}" names ads of several dealers of this token (${dealers}): send dealer_code (in the body, or as a query parameter) to say which one.`,
  );
}

/** The body as an object, or the DRF answer to a body that is not one. */
export function bodyObject(body: unknown): JsonObject | ApiResult {
  if (isRecord(body)) return body;
  const got =
    body === null ? 'null' : Array.isArray(body) ? 'list' : typeof body === 'string' ? 'str' : typeof body;
  return nonField(`Invalid data. Expected a dictionary, but got ${got}.`);
}

export function isApiResult(value: unknown): value is ApiResult {
  return isRecord(value) && typeof value.status === 'number' && 'body' in value;
}

/** `findAd`, with the 404 of an ad that is not there: the ad, or the answer to give. */
export function requireAd(env: Env, call: Call): StoredAd | ApiResult {
  const found = findAd(env, call);
  return found === undefined ? notFound() : found;
}

/**
 * Whether the ad is deleted once the work already queued for it is done: deleted, or a delete queued. What the
 * state after the queued work forbids is refused now (an update of a registered vehicle, a bump), since the worker
 * runs each ad's jobs in the order they were accepted.
 */
export function deletedAfterQueue(env: Env, ad: StoredAd): boolean {
  return ad.state === 'deleted' || env.worker.hasPending(ad, 'delete');
}
