import { generatedTitle, resourceOfCategory } from './facts.js';
import { cloneJson, type JsonObject } from './json.js';
import type { LogEntry, StoredAd } from './types.js';

/** How many log entries an ad carries in responses (the `/log` endpoint has all of them). */
export const EMBEDDED_LOG_ENTRIES = 100;

export function logEntryView(entry: LogEntry): JsonObject {
  return {
    request_id: entry.request_id,
    created: entry.created,
    action: entry.action,
    state: entry.state,
    external_message: cloneJson(entry.external_message),
  };
}

/** An ad as the API returns it. `includeLog` adds the last 100 log entries; `fields` keeps only the named fields. */
export function adView(
  ad: StoredAd,
  options: { includeLog: boolean; fields?: readonly string[] },
): JsonObject {
  const f = ad.fields;
  const resource = resourceOfCategory(ad.category_id);
  const title =
    typeof f.title === 'string'
      ? f.title
      : ad.registered && resource !== undefined
        ? generatedTitle(resource, f.category_fields)
        : '';
  const view: JsonObject = {
    id: ad.id,
    source_id: ad.source_id,
    dealer_code: ad.dealer_code,
    category_id: ad.category_id,
    state: ad.state,
    title,
    body: f.body ?? null,
    visible: f.visible ?? true,
    price: f.price ?? [],
    url: f.url ?? null,
    video_url: f.video_url ?? null,
    location: f.location ?? null,
    // Registered vehicles have no contact ("Must not be sent"); the others always do (required on create).
    ...(ad.registered ? {} : { contact: f.contact ?? null }),
    category_fields: f.category_fields ?? {},
    dont_publish_on_failed_images: f.dont_publish_on_failed_images ?? false,
    product_declaration: f.product_declaration ?? null,
    image_refs: ad.image_refs,
    blocket_ad_id: ad.blocket_ad_id,
    // "Only present for registered vehicle categories."
    ...(ad.registered ? { offer_id: ad.offer_id } : {}),
    api_version: ad.api_version,
    created: new Date(ad.created).toISOString(),
    updated: new Date(ad.updated).toISOString(),
  };
  if (options.includeLog) view.log = ad.log.slice(-EMBEDDED_LOG_ENTRIES).map(logEntryView);
  const out = cloneJson(view);
  if (options.fields === undefined || options.fields.length === 0) return out;
  const picked: JsonObject = {};
  for (const name of options.fields) if (Object.hasOwn(out, name)) picked[name] = out[name];
  return picked;
}
