import { resourceFacts, isRegisteredCategory } from './facts.js';
import {
  badRequest,
  bodyObject,
  deletedAfterQueue,
  isApiResult,
  nonField,
  notFound,
  requireAd,
  tokenDealer,
  type ApiResult,
  type Call,
  type Env,
} from './context.js';
import { deepMerge, isRecord, type JsonObject } from './json.js';
import type { LogAction, StoredAd } from './types.js';
import type { PayloadKind } from './validation.js';
import { adView } from './view.js';

/** The validator's resource name for a call: the vehicle type, or `v3`. */
function validatorResource(call: Call): string {
  return call.family === 'v3' ? 'v3' : (call.resource ?? 'v3');
}

/** Runs the shared validator; on success returns the validated body. */
function validated(env: Env, call: Call, kind: PayloadKind, body: JsonObject): JsonObject | ApiResult {
  const outcome = env.validate(validatorResource(call), kind, body);
  if (!outcome.success) return badRequest(outcome.errors);
  return isRecord(outcome.data) ? outcome.data : body;
}

/**
 * The dealer a POST is for: from the body, or the token for dealer_code scope. Refused when not the caller's. A
 * dealer code differing only in case names the token's dealer (the documents say nothing about case; reconstructed),
 * and a number is read as its string, as Django REST Framework's CharField reads it.
 */
function dealerFor(call: Call, body: JsonObject): string | ApiResult {
  const raw = body.dealer_code;
  const given = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
  if (given === undefined || given === null || given === '') {
    const [only] = call.principal.dealerCodes;
    if (call.principal.scope === 'dealer_code' && only !== undefined) return only;
    return badRequest({ dealer_code: ['This field is required.'] });
  }
  if (typeof given !== 'string') return badRequest({ dealer_code: ['Not a valid string.'] });
  const dealer = tokenDealer(call, given);
  if (dealer !== undefined) return dealer;
  return {
    status: 403,
    body: {
      detail: `You do not have permission to perform this action: dealer_code "${given}" is not covered by your token.`,
    },
  };
}

/** Validation errors and a missing group dealer_code answer together, as DRF gathers all field errors. */
function mergeDealerError(errors: ApiResult, dealer: string | ApiResult): ApiResult {
  if (!isApiResult(dealer) || dealer.status !== 400 || !isRecord(errors.body) || !isRecord(dealer.body))
    return errors;
  return badRequest({ ...dealer.body, ...errors.body });
}

/** The actions a create or update queues: publishing only for visible ads. */
function writeActions(first: 'create' | 'update', ad: StoredAd): LogAction[] {
  if (ad.fields.visible === false)
    return ad.blocket_ad_id !== null && first === 'update'
      ? [first, 'handle_media', 'unpublish']
      : [first, 'handle_media'];
  return [first, 'handle_media', 'publish'];
}

/**
 * The fields of a request body an ad stores: the documented request fields. `source_id`, `dealer_code` and
 * `category_id` are kept on the ad itself; read-only fields (`id`, `state`, ... sent back from a GET) and unknown
 * fields are ignored, as a DRF serializer ignores them. Text is stored as sent: the documents describe no rewriting.
 */
const STORED_FIELDS = [
  'title',
  'body',
  'visible',
  'price',
  'image_urls',
  'url',
  'url_title',
  'video_url',
  'location',
  'contact',
  'category_fields',
  'dont_publish_on_failed_images',
  'product_declaration',
] as const;

function storable(body: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of STORED_FIELDS) if (Object.hasOwn(body, key) && body[key] !== undefined) out[key] = body[key];
  return out;
}

/**
 * The category a create stores: the one sent. A typed endpoint's category is the one the category table gives it
 * (inferred, so another is only a warning, and strict mode refuses it); the fake never rewrites what was sent into
 * another category.
 */
function categoryOf(data: JsonObject, body: JsonObject): number {
  return Number(data.category_id ?? body.category_id);
}

/**
 * What create and validate both check, in the API's order: a JSON object body, then the body's fields and the
 * dealer together (one 400 naming both), then the dealer alone (403 outside the token).
 */
function checkedCreateBody(env: Env, call: Call): { body: JsonObject; dealer: string; data: JsonObject } | ApiResult {
  const body = bodyObject(call.body);
  if (isApiResult(body)) return body;
  const dealer = dealerFor(call, body);
  const data = validated(env, call, 'create', body);
  if (isApiResult(data)) return mergeDealerError(data, dealer);
  if (isApiResult(dealer)) return dealer;
  return { body, dealer, data };
}

/** POST /v4/{type} and POST /v3/ad: validate, refuse reuse of a source_id, store, queue create/handle_media/publish. */
export function createAd(env: Env, call: Call): ApiResult {
  const checked = checkedCreateBody(env, call);
  if (isApiResult(checked)) return checked;
  const { body, dealer, data } = checked;
  const sourceId = String(data.source_id ?? body.source_id);
  const key = env.state.key(dealer, sourceId);
  if (env.state.ads.has(key)) return badRequest({ source_id: ['Ad with this source_id already exists.'] });
  const categoryId = categoryOf(data, body);
  const now = env.state.clock.now();
  const ad: StoredAd = {
    id: env.state.uuid(),
    source_id: sourceId,
    dealer_code: dealer,
    category_id: categoryId,
    api_version: call.family === 'v3' ? 'v3' : 'v4',
    state: 'created',
    fields: storable(data),
    image_refs: [],
    blocket_ad_id: null,
    offer_id: null,
    registered: isRegisteredCategory(categoryId),
    created: now,
    updated: now,
    pole_position_until: null,
    retry: null,
    log: [],
  };
  env.state.addAd(key, ad);
  const linked = env.state.linkAdminAd(ad);
  env.worker.enqueue(
    ad,
    writeActions('create', ad),
    env.state.uuid(),
    linked ? { linked: linked.blocket_ad_id } : undefined,
  );
  return { status: 201, body: adView(ad, { includeLog: true }) };
}

/** POST /v4/{type}/validate and /v3/ad/validate: the same checks as create, nothing stored; 200 with the payload. */
export function validateAd(env: Env, call: Call): ApiResult {
  const checked = checkedCreateBody(env, call);
  return isApiResult(checked) ? checked : { status: 200, body: checked.data };
}

/** The non-field 400 for a V3 ad whose category must be migrated before V4 can update it. */
function migrationNeeded(call: Call, ad: StoredAd): ApiResult {
  return nonField(
    `This ad was created with API V3 in category ${ad.category_id} and must be migrated before it can be updated: ` +
      `POST /v4/${call.resource}/${ad.source_id}/migrate with a complete V4 payload.`,
  );
}

/**
 * PUT and PATCH: a merge patch ("Both PUT and PATCH use deep merge semantics"): the body may send any part of the ad,
 * nested objects included, and the rules that span a nested object (contact's email, latitude with longitude,
 * required category fields) are checked on the ad with the body merged in, which is what the server sees. `null`
 * clears. V3 ads convert or are blocked; deleted ads revive unless registered, and so does an ad whose delete is
 * queued (the update runs after the delete).
 */
export function updateAd(env: Env, call: Call, kind: 'update' | 'patch'): ApiResult {
  const ad = requireAd(env, call);
  if (isApiResult(ad)) return ad;
  const body = bodyObject(call.body);
  if (isApiResult(body)) return body;
  const data = validated(env, call, kind, body);
  if (isApiResult(data)) return data;
  if (deletedAfterQueue(env, ad) && ad.registered) return nonField('Ad has been deleted, cannot update');
  let converted: { categoryId: number; registered: boolean } | undefined;
  if (call.family === 'typed' && ad.api_version === 'v3') {
    const facts = call.resource === null ? undefined : resourceFacts(call.resource);
    if (facts === undefined) return notFound();
    if (facts.migrationRequired) return migrationNeeded(call, ad);
    converted = { categoryId: facts.categoryId, registered: facts.registered };
  }
  const base: JsonObject = { ...ad.fields };
  if (converted?.registered === true) {
    delete base.title;
    delete base.contact;
  }
  const fields = deepMerge(base, storable(data));
  const merged = env.validateMerged(validatorResource(call), kind, {
    category_id: converted?.categoryId ?? ad.category_id,
    ...fields,
  });
  if (merged !== undefined && !merged.success) return badRequest(merged.errors);
  if (converted !== undefined) {
    ad.api_version = 'v4';
    env.state.index.setCategory(ad, converted.categoryId);
  }
  ad.fields = fields;
  env.state.index.setUpdated(ad, env.state.clock.now());
  env.worker.enqueue(ad, writeActions('update', ad), env.state.uuid());
  return { status: 200, body: adView(ad, { includeLog: true }) };
}

/** DELETE: answers with the ad still `created`; the worker unpublishes, deletes and then flips the state. */
export function deleteAd(env: Env, call: Call): ApiResult {
  const ad = requireAd(env, call);
  if (isApiResult(ad)) return ad;
  if (ad.state !== 'deleted' && !env.worker.hasPending(ad, 'delete')) {
    const actions: LogAction[] = ad.blocket_ad_id !== null ? ['unpublish', 'delete'] : ['delete'];
    env.worker.enqueue(ad, actions, env.state.uuid());
  }
  return { status: 200, body: adView(ad, { includeLog: true }) };
}

/** POST /v4/{type}/{source_id}/migrate: a V3 ad of a legacy category becomes a V4 ad in place (id, source_id, log kept). */
export function migrateAd(env: Env, call: Call): ApiResult {
  const ad = requireAd(env, call);
  if (isApiResult(ad)) return ad;
  const facts = call.resource === null ? undefined : resourceFacts(call.resource);
  if (facts === undefined) return notFound();
  const body = bodyObject(call.body);
  if (isApiResult(body)) return body;
  const data = validated(env, call, 'migrate', body);
  if (isApiResult(data)) return data;
  if (ad.api_version === 'v4')
    return nonField('Ad is already a V4 ad; only ads created with API V3 can be migrated.');
  if (deletedAfterQueue(env, ad)) return nonField('Ad has been deleted, cannot migrate');
  ad.fields = storable(data);
  env.state.index.setCategory(ad, facts.categoryId);
  ad.api_version = 'v4';
  ad.registered = facts.registered;
  env.state.index.setUpdated(ad, env.state.clock.now());
  env.worker.enqueue(ad, writeActions('update', ad), env.state.uuid());
  return { status: 200, body: adView(ad, { includeLog: true }) };
}
