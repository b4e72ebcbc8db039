import { validatePayload } from '@x/kleinanzeigen-client/validators';
import { RESOURCES } from '@x/pro-import-client';
import { isObject } from '../core/diff.js';
import { feedAd } from '../core/feed.js';
import { DEFAULT_MAX_BODY_BYTES, oversized } from '../core/size.js';
import type { Blocked, CurrentAd, FeedRecord, FieldChange, Json, JsonObject, Model, Prepared } from '../core/types.js';

/** The feed's vehicle types: Pro Import's, since the feed is made of V4 Pro Import payloads. */
const VEHICLE_TYPES = Object.keys(RESOURCES).sort();

/**
 * Kleinanzeigen categories for the feed's vehicle types. The gateway publishes no category list (G-22): these are
 * the site's category paths in the documents' `Parent/Child` form, and `categories` overrides or adds any of them.
 */
const DEFAULT_CATEGORIES: Record<string, string> = {
  car: 'Auto_Rad_Boot/Autos',
  transport: 'Auto_Rad_Boot/Nutzfahrzeuge_Anhaenger',
  truck: 'Auto_Rad_Boot/Nutzfahrzeuge_Anhaenger',
  bus: 'Auto_Rad_Boot/Nutzfahrzeuge_Anhaenger',
  trailer: 'Auto_Rad_Boot/Nutzfahrzeuge_Anhaenger',
  construction: 'Auto_Rad_Boot/Nutzfahrzeuge_Anhaenger',
  'agriculture-tractor': 'Auto_Rad_Boot/Nutzfahrzeuge_Anhaenger',
  'agriculture-thresher': 'Auto_Rad_Boot/Nutzfahrzeuge_Anhaenger',
  'agriculture-tools': 'Auto_Rad_Boot/Nutzfahrzeuge_Anhaenger',
  motorcycle: 'Auto_Rad_Boot/Motorraeder_Motorroller',
  moped: 'Auto_Rad_Boot/Motorraeder_Motorroller',
  atv: 'Auto_Rad_Boot/Motorraeder_Motorroller',
  snowmobile: 'Auto_Rad_Boot/Motorraeder_Motorroller',
  camper: 'Auto_Rad_Boot/Wohnwagen_mobile',
  caravan: 'Auto_Rad_Boot/Wohnwagen_mobile',
  boat: 'Auto_Rad_Boot/Boote_Bootszubehoer',
};

export type KleinanzeigenModelOptions = {
  /** Vehicle type -> Kleinanzeigen category, over the defaults. */
  categories?: Record<string, string>;
  /** Ads whose listing body is larger are blocked in the plan. Default 1 MiB (reconstructed, see `DEFAULT_MAX_BODY_BYTES`). */
  maxBodyBytes?: number;
};

/** `volvo` -> `Volvo`. */
function capitalise(value: string): string {
  return value.length === 0 ? value : `${value[0]!.toUpperCase()}${value.slice(1)}`;
}

/** Category fields as the string-to-string `attributes` map (nested keys dotted, lists comma-joined). */
function attributes(fields: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(fields)) return out;
  for (const [key, value] of Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (value === null || value === undefined) continue;
    if (isObject(value)) Object.assign(out, attributes(value, name));
    else out[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}

/** The listing a feed ad becomes, the images (by their source URL) and whether it is to be published. */
function listingOf(ad: JsonObject, type: string, category: string): { listing: JsonObject; warnings: string[] } {
  const cf = isObject(ad.category_fields) ? ad.category_fields : {};
  const generated = [cf.brand, cf.model, cf.model_variant, cf.model_year]
    .filter((p) => (typeof p === 'string' && p !== '') || typeof p === 'number')
    .map((p, i) => (i === 0 ? capitalise(String(p)) : String(p)))
    .join(' ');
  const title = typeof ad.title === 'string' && ad.title.trim() !== '' ? ad.title.trim() : generated;
  const description = typeof ad.body === 'string' && ad.body.trim() !== '' ? ad.body.trim() : title;
  const prices = Array.isArray(ad.price) ? ad.price.filter(isObject) : [];
  const chosen = prices.find((p) => p.type === 'reduced') ?? prices.find((p) => p.type === 'list');
  const warnings: string[] = [];
  if (chosen === undefined) warnings.push('price: the ad has no list price; Kleinanzeigen rejects a publication without a price (reconstructed)');
  const contact = isObject(ad.contact) ? ad.contact : {};
  const listing: JsonObject = {
    title,
    category,
    description,
    attributes: attributes(cf),
    adType: 'OFFER',
    price: chosen === undefined ? null : { type: 'FIXED', amount: Number(chosen.amount) },
    customReference: String(ad.source_id),
    contactPerson: typeof contact.name === 'string' ? contact.name : null,
    email: typeof contact.email === 'string' ? contact.email : null,
    phoneNumber: typeof contact.phone === 'string' ? contact.phone : null,
  };
  void type;
  return { listing, warnings };
}

const LISTING_FIELDS = ['title', 'category', 'description', 'attributes', 'adType', 'price', 'customReference', 'contactPerson', 'email', 'phoneNumber'];

/** The listing's comparable form from the server's answer (`adPrice` is the response's name of `price`). */
export function listingFromServer(listing: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const field of LISTING_FIELDS) {
    const value = field === 'price' ? listing.adPrice : listing[field];
    out[field] = field === 'attributes' ? (isObject(value) ? value : {}) : ((value ?? null) as Json);
  }
  if (isObject(out.price)) out.price = { type: out.price.type ?? null, amount: Number(out.price.amount) };
  return out;
}

/**
 * The Kleinanzeigen model: the same feed (V4 Pro Import payloads with `vehicle_type`) becomes a listing (title, or
 * the registered vehicle's generated one; body as description; the category of the vehicle type; category fields as
 * attributes; the reduced or list price as a FIXED price; `source_id` as `customReference`), its images (by source
 * URL) and a publication (none while `visible` is false).
 *
 * @example
 * const model = kleinanzeigenModel({ categories: { car: 'Auto_Rad_Boot/Autos' } });
 */
export function kleinanzeigenModel(options: KleinanzeigenModelOptions = {}): Model {
  const categories = { ...DEFAULT_CATEGORIES, ...options.categories };
  return {
    marketplace: 'kleinanzeigen',
    prepare(record: FeedRecord): Prepared {
      const { line } = record;
      const { value, type, sourceId } = feedAd(record, VEHICLE_TYPES);
      const category = categories[type];
      const { listing, warnings } = listingOf(value, type, category ?? '');
      const images = Array.isArray(value.image_urls) ? value.image_urls.filter((u): u is string => typeof u === 'string') : [];
      const visible = value.visible !== false;
      const location = isObject(value.location) && typeof value.location.zipcode === 'string' ? { zipCode: value.location.zipcode } : null;
      let blocked: Blocked | undefined;
      if (category === undefined) blocked = { reason: `no Kleinanzeigen category is known for vehicle type "${type}"`, todo: `pass categories: { "${type}": "<Parent/Child>" }` };
      blocked ??= oversized(listing, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, 'listing');
      const outcome = validatePayload('listings', 'create', listing);
      if (!outcome.success && blocked === undefined) {
        const errors = (isObject(outcome.errors) && Array.isArray(outcome.errors.errors) ? outcome.errors.errors : []).filter(isObject);
        blocked = {
          reason: `the listing breaks a documented rule (${errors.map((e) => `${String(e.field)}: ${String(e.message)}`).join('; ')})`,
          todo: 'fix the ad in the feed',
          errors: errors.map((e) => ({ path: String(e.field), messages: [String(e.message)] })),
        };
      }
      for (const w of outcome.warnings) warnings.push(`${w.path || '(listing)'}: ${w.message} (${w.source.kind})`);
      return {
        sourceId,
        type,
        line,
        comparable: { ...listing, images, visible },
        payload: { listing, images, visible, ...(location ? { location } : {}) },
        ...(blocked ? { blocked } : {}),
        warnings,
      };
    },
    conflict(desired: Prepared, current: CurrentAd): Blocked | undefined {
      if (current.meta.unknownCreate === true) {
        const why = typeof current.meta.unknownCreateReason === 'string' ? ` (${current.meta.unknownCreateReason})` : '';
        return {
          reason: `whether its listing was created is unknown${why}, and the API has no way to look a listing up by customReference (no listing collection or search: gap G-24), so it is not created again`,
          todo: `look for a listing with customReference "${desired.sourceId}" in the Kleinanzeigen account; delete it if it is there, then run with --assume-not-created ${desired.sourceId}`,
        };
      }
      return undefined;
    },
    patch(desired: Prepared, _current: CurrentAd, changes: FieldChange[]): JsonObject {
      const listing: JsonObject = {};
      const body: JsonObject = {};
      const d = desired.payload.listing as JsonObject;
      for (const { path } of changes) {
        const top = path.split('.')[0] as string;
        if (top === 'images') body.images = desired.payload.images as Json;
        else if (top === 'visible') body.visible = desired.payload.visible as Json;
        // `attributes` is replaced whole by an update (G-11): send the whole map.
        else listing[top] = (d[top] ?? null) as Json;
      }
      if (Object.keys(listing).length > 0) body.listing = listing;
      if (desired.payload.location !== undefined) body.location = desired.payload.location as Json;
      return body;
    },
  };
}

