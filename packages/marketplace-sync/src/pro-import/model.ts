import { RESOURCES, type ResourceName } from '@x/pro-import-client';
import { validatePayload } from '@x/pro-import-client/validators';
import { isObject } from '../core/diff.js';
import { feedAd } from '../core/feed.js';
import { DEFAULT_MAX_BODY_BYTES, oversized } from '../core/size.js';
import type { Blocked, CurrentAd, FeedRecord, FieldChange, Json, JsonObject, Model, Prepared } from '../core/types.js';
import { processingOutcome } from './processing.js';

export const VEHICLE_TYPES = Object.keys(RESOURCES).sort() as ResourceName[];

type Facts = (typeof RESOURCES)[ResourceName] & { otherCategoryIds?: readonly number[] };

function facts(type: ResourceName): Facts {
  return RESOURCES[type] as Facts;
}

/** The vehicle type of a stored ad's category: its own V4 category first, then the V3 categories it took over. */
export function typeOfCategory(categoryId: number): ResourceName | undefined {
  return (
    VEHICLE_TYPES.find((t) => facts(t).categoryId === categoryId || (facts(t).otherCategoryIds ?? []).includes(categoryId)) ??
    VEHICLE_TYPES.find((t) => (facts(t).legacyCategoryIds as readonly number[]).includes(categoryId))
  );
}

const PRICE_ORDER = ['list', 'reduced', 'leasing'];

/** Prices as a set: sorted by type (list, reduced, leasing, others), then amount; amounts as numbers. */
function normalisePrices(value: unknown): Json[] {
  if (!Array.isArray(value)) return [];
  const prices = value.filter(isObject).map((p) => {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(p)) if (v !== null && v !== undefined) out[k] = k === 'amount' && typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
    return out;
  });
  const rank = (t: unknown) => {
    const i = PRICE_ORDER.indexOf(String(t));
    return i === -1 ? PRICE_ORDER.length : i;
  };
  return prices.sort((a, b) => rank(a.type) - rank(b.type) || String(a.type).localeCompare(String(b.type)) || Number(a.amount) - Number(b.amount));
}

/** Objects without `null` members (a merge deletes a nested key set to null, so null and absent are the same). */
function dropNulls(value: Json | undefined): Json | undefined {
  if (Array.isArray(value)) return value.map((v) => dropNulls(v) ?? null);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const inner = dropNulls(v);
    if (inner !== null && inner !== undefined) out[k] = inner;
  }
  return out;
}

function text(value: unknown): Json {
  return typeof value === 'string' ? value.trim() : ((value ?? null) as Json);
}

function objectOrNull(value: unknown): Json {
  if (!isObject(value)) return null;
  const cleaned = dropNulls(value) as JsonObject;
  return Object.keys(cleaned).length === 0 ? null : cleaned;
}

/**
 * An ad as the server stores it, from either side: the feed's create payload or the API's answer. The rules are the
 * documented ones: registered vehicles' titles are generated (and contact is not sent), `image_urls` is a request
 * field whose stored form is `image_refs[].url` in the same order, prices are a set, `visible` defaults to true and
 * `dont_publish_on_failed_images` to false, a missing optional field reads `null`, and PUT/PATCH merge, so a nested
 * key set to `null` and an absent one are the same.
 */
export function comparable(ad: JsonObject, registered: boolean, side: 'feed' | 'server'): JsonObject {
  const images =
    side === 'feed'
      ? Array.isArray(ad.image_urls)
        ? ad.image_urls.filter((u): u is string => typeof u === 'string')
        : []
      : Array.isArray(ad.image_refs)
        ? ad.image_refs.filter(isObject).map((r) => (typeof r.url === 'string' ? r.url : ''))
        : [];
  const out: JsonObject = {
    category_id: typeof ad.category_id === 'number' ? ad.category_id : Number(ad.category_id),
    body: text(ad.body),
    visible: ad.visible === false ? false : true,
    price: normalisePrices(ad.price),
    images,
    url: text(ad.url),
    video_url: text(ad.video_url),
    location: objectOrNull(ad.location),
    category_fields: (dropNulls(isObject(ad.category_fields) ? ad.category_fields : {}) ?? {}) as JsonObject,
    dont_publish_on_failed_images: ad.dont_publish_on_failed_images === true,
    product_declaration: text(ad.product_declaration),
  };
  if (!registered) {
    out.title = text(ad.title);
    out.contact = objectOrNull(ad.contact);
  }
  return out;
}

/** A field path of a comparable ad -> the request field it is sent as. */
const REQUEST_FIELD: Record<string, string> = { images: 'image_urls' };

/** Fields a create body may carry that are not stored fields of the comparison. */
const FEED_ONLY = new Set(['vehicle_type', 'source_id', 'dealer_code']);

export type ProImportModelOptions = {
  /** The dealer a group token acts for: set on every create body, and ads of other dealers are blocked. */
  dealerCode?: string;
  /** Refuse on the snapshot's inferred and reconstructed rules too (they only warn by default). */
  strict?: boolean;
  /** Ads whose create body is larger are blocked in the plan. Default 1 MiB (reconstructed, see `DEFAULT_MAX_BODY_BYTES`). */
  maxBodyBytes?: number;
};

function problems(errors: unknown, prefix = ''): Array<{ path: string; messages: string[] }> {
  if (Array.isArray(errors) && errors.every((e) => typeof e === 'string')) return [{ path: prefix, messages: errors as string[] }];
  if (Array.isArray(errors)) return errors.flatMap((e, i) => problems(e, prefix === '' ? String(i) : `${prefix}.${i}`));
  if (isObject(errors)) return Object.entries(errors).flatMap(([k, v]) => problems(v, k === 'non_field_errors' ? prefix : prefix === '' ? k : `${prefix}.${k}`));
  return typeof errors === 'string' ? [{ path: prefix, messages: [errors] }] : [];
}

function refusal(kind: string, errors: unknown): Blocked {
  const list = problems(errors);
  const summary = list.map((p) => `${p.path || '(ad)'}: ${p.messages.join(' ')}`).join('; ');
  return { reason: `the ${kind} body breaks a documented rule (${summary})`, todo: 'fix the ad in the feed', errors: list };
}

/**
 * The Pro Import model: how a V4 create payload with its `vehicle_type` is checked (the client's validators; only
 * documented rules block, the others are warnings), compared with what the API stores, and turned into an update.
 *
 * @example
 * const model = proImportModel({ dealerCode: 'D1' });
 * const prepared = model.prepare({ line: 1, value: { vehicle_type: 'car', source_id: 'car-1', category_id: 1020, category_fields: {} } });
 */
export function proImportModel(options: ProImportModelOptions = {}): Model {
  return {
    marketplace: 'pro-import',
    prepare(record: FeedRecord): Prepared {
      const { line } = record;
      const { value, type, sourceId } = feedAd(record, VEHICLE_TYPES);
      const vehicle = type as ResourceName;
      const payload: JsonObject = {};
      for (const [k, v] of Object.entries(value)) if (k !== 'vehicle_type' && v !== undefined) payload[k] = v;
      if (payload.category_id === undefined) payload.category_id = facts(vehicle).categoryId;
      const warnings: string[] = [];
      let blocked: Blocked | undefined;
      if (options.dealerCode !== undefined) {
        if (payload.dealer_code === undefined) payload.dealer_code = options.dealerCode;
        else if (payload.dealer_code !== options.dealerCode) {
          blocked = { reason: `the ad is for dealer "${String(payload.dealer_code)}" but this run syncs dealer "${options.dealerCode}"`, todo: 'sync each dealer with its own --dealer-code and feed' };
        }
      }
      // "reduced: not allowed on POST, only on PUT/PATCH": created without it, then patched (see the adapter).
      const prices = Array.isArray(payload.price) ? payload.price : [];
      const createBody = { ...payload, ...(Array.isArray(payload.price) ? { price: prices.filter((p) => !(isObject(p) && p.type === 'reduced')) } : {}) };
      blocked ??= oversized(createBody, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, 'create');
      const created = validatePayload(vehicle, 'create', createBody, { strict: options.strict === true });
      if (!created.success && blocked === undefined) blocked = refusal('create', created.errors);
      for (const w of created.warnings) warnings.push(`${w.path || '(ad)'}: ${w.message} (${w.source.kind})`);
      if (prices.length !== (createBody.price as unknown[] | undefined)?.length && blocked === undefined) {
        const patched = validatePayload(vehicle, 'patch', { price: payload.price }, { strict: options.strict === true });
        if (!patched.success) blocked = refusal('update', patched.errors);
      }
      const registered = facts(vehicle).registered;
      return {
        sourceId,
        type,
        line,
        comparable: comparable(payload, registered, 'feed'),
        payload,
        ...(blocked ? { blocked } : {}),
        warnings,
      };
    },

    conflict(desired: Prepared, current: CurrentAd): Blocked | undefined {
      const categoryId = Number(current.meta.category_id);
      if (current.type !== desired.type) {
        return {
          reason: `the server holds "${desired.sourceId}" as a ${current.type} ad (category ${categoryId}), the feed as a ${desired.type}`,
          todo: 'a vehicle type cannot change: delete that ad and create this one with a new source_id (source_ids are never reusable)',
        };
      }
      const type = desired.type as ResourceName;
      if (!current.live && facts(type).registered) {
        return {
          reason: `the ad was deleted, and a deleted ${type} ad (a registered vehicle) can never be updated or revived; its source_id can never be reused`,
          todo: 'give the vehicle a new source_id in the feed',
        };
      }
      if (current.meta.api_version === 'v3' && facts(type).migrationRequired) {
        return {
          reason: `the ad was created with API V3 in category ${categoryId}, which must be migrated before V4 can update it`,
          todo: `migrate it first: POST /v4/${type}/${desired.sourceId}/migrate with a complete V4 payload (client.${namespaceOf(type)}.migrate), or delete it and create a new ad with a new source_id`,
        };
      }
      return undefined;
    },

    patch(desired: Prepared, current: CurrentAd, changes: FieldChange[]): JsonObject {
      const payload = desired.payload;
      if (!current.live) {
        // A revive: send the whole ad (what a create would), the server keeps the ad's id and source_id.
        const body: JsonObject = {};
        for (const [k, v] of Object.entries(payload)) if (!FEED_ONLY.has(k)) body[k] = v;
        return body;
      }
      const body: JsonObject = {};
      for (const change of changes) {
        const [top, ...rest] = change.path.split('.') as [string, ...string[]];
        const field = REQUEST_FIELD[top] ?? top;
        if (rest.length === 0) {
          body[field] = field === 'image_urls' ? (payload.image_urls ?? []) : field === 'price' ? (payload.price ?? []) : ((payload[field] ?? null) as Json);
          continue;
        }
        // A nested change: send only that key (PUT and PATCH merge nested objects); `null` removes it.
        let source: Json | undefined = payload[top];
        let target = (isObject(body[field]) ? body[field] : (body[field] = {})) as JsonObject;
        for (let i = 0; i < rest.length; i += 1) {
          const key = rest[i] as string;
          source = isObject(source) ? source[key] : undefined;
          if (i === rest.length - 1) {
            target[key] = source === undefined ? null : source;
          } else {
            target = (isObject(target[key]) ? target[key] : (target[key] = {})) as JsonObject;
          }
        }
      }
      return body;
    },
  };
}

/** `agriculture-thresher` -> `agricultureThresher`, the client's namespace of a vehicle type. */
export function namespaceOf(type: string): string {
  return type.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Reads one ad of the API's answer (a list item or a GET) as the model compares it. */
export function currentFromServer(ad: JsonObject): CurrentAd | undefined {
  const categoryId = Number(ad.category_id);
  const type = typeOfCategory(categoryId);
  if (typeof ad.source_id !== 'string' || type === undefined) return undefined;
  const registered = facts(type).registered;
  const live = ad.state !== 'deleted';
  // The ad's log (a list read with include=log, or a GET): whether its last processing left it seen by buyers.
  const outcome = live && Array.isArray(ad.log) ? processingOutcome(ad.log) : undefined;
  return {
    sourceId: ad.source_id,
    type,
    live,
    ...(outcome ? { outcome } : {}),
    comparable: comparable(ad, registered, 'server'),
    meta: {
      category_id: categoryId,
      api_version: typeof ad.api_version === 'string' ? ad.api_version : 'v4',
      state: typeof ad.state === 'string' ? ad.state : 'created',
      ...(typeof ad.dealer_code === 'string' ? { dealer_code: ad.dealer_code } : {}),
    },
  };
}
