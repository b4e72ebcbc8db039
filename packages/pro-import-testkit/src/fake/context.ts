import type { Principal } from './tokens.js';
import type { FakeState } from './state.js';
import type { StoredAd } from './types.js';
import type { Worker } from './worker.js';
import { resourceFacts } from './facts.js';
import type { DrfErrorBody, ValidatePayload } from './validation.js';
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
export type Env = { state: FakeState; worker: Worker; validate: ValidatePayload };

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

/** The ad `source_id` names among the caller's dealers, or `undefined` (another dealer's ad is "not found"). */
export function findAd(env: Env, call: Call): StoredAd | undefined {
  const sourceId = call.params.source_id ?? '';
  for (const dealer of call.principal.dealerCodes) {
    const ad = env.state.ads.get(env.state.key(dealer, sourceId));
    if (ad !== undefined && visibleThrough(ad, call)) return ad;
  }
  return undefined;
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
