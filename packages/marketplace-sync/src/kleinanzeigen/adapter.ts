import {
  createKleinanzeigenClient,
  KleinanzeigenConflictError,
  KleinanzeigenHttpError,
  KleinanzeigenNotFoundError,
  KleinanzeigenPublicationError,
  KleinanzeigenTimeoutError,
  type KleinanzeigenClient,
} from '@x/kleinanzeigen-client';
import { validatePayload } from '@x/kleinanzeigen-client/validators';
import { RESOURCES } from '@x/pro-import-client';
import { isObject } from '../core/diff.js';
import { FeedError } from '../core/feed.js';
import { RateLimiter } from '../core/limiter.js';
import type { Adapter, Blocked, CurrentAd, FeedRecord, FieldChange, Json, JsonObject, Model, OpContext, OpResult, PlanEntry, Prepared, Remembered } from '../core/types.js';

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
function listingFromServer(listing: JsonObject): JsonObject {
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
      const { line, value } = record;
      if (!isObject(value)) throw new FeedError('', line, `an ad must be a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
      const type = value.vehicle_type;
      if (typeof type !== 'string' || !Object.hasOwn(RESOURCES, type)) {
        throw new FeedError('', line, `"vehicle_type" must be one of ${Object.keys(RESOURCES).sort().join(', ')}; got ${JSON.stringify(type ?? null)}`);
      }
      const sourceId = value.source_id;
      if (typeof sourceId !== 'string' || sourceId.trim() === '') throw new FeedError('', line, `"source_id" must be a non-empty string; got ${JSON.stringify(sourceId ?? null)}`);
      const category = categories[type];
      const { listing, warnings } = listingOf(value, type, category ?? '');
      const images = Array.isArray(value.image_urls) ? value.image_urls.filter((u): u is string => typeof u === 'string') : [];
      const visible = value.visible !== false;
      const location = isObject(value.location) && typeof value.location.zipcode === 'string' ? { zipCode: value.location.zipcode } : null;
      let blocked: Blocked | undefined;
      if (category === undefined) blocked = { reason: `no Kleinanzeigen category is known for vehicle type "${type}"`, todo: `pass categories: { "${type}": "<Parent/Child>" }` };
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
        return {
          reason: 'an earlier run was stopped while creating this listing, and the API cannot list listings, so whether it was created is unknown',
          todo: `look for a listing with customReference "${desired.sourceId}" in the account; delete it if it is there, then run with --assume-not-created (or remove its lines from the journal)`,
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

export type KleinanzeigenAdapterOptions = KleinanzeigenModelOptions & {
  client?: KleinanzeigenClient;
  clientId?: string;
  clientSecret?: string;
  baseUrl?: string;
  tokenUrl?: string;
  fetch?: (request: Request) => Promise<Response>;
  limiter?: RateLimiter;
  /** The imprint publications are made with; without it listings are stored but not published. */
  imprintUuid?: string;
  /** How an image of the feed is fetched (default: `fetch(url)`, type from `Content-Type` or the extension). */
  fetchImage?: (url: string, signal?: AbortSignal) => Promise<{ data: Uint8Array; mediaType: 'image/jpeg' | 'image/png' }>;
  /** Treat a create an earlier run left unanswered as not made (after checking the account). Default false: blocked. */
  assumeNotCreated?: boolean;
  /** Publication waits (see the client's `WaitOptions`). */
  waitOptions?: { timeoutMs?: number; pollMs?: number; maxPollMs?: number };
};

type ImagesState = { source: string[]; server: string[] };

function imagesOf(remote: JsonObject | undefined): ImagesState {
  const images = isObject(remote?.images) ? remote.images : {};
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return { source: list(images.source), server: list(images.server) };
}

async function defaultFetchImage(url: string, signal?: AbortSignal): Promise<{ data: Uint8Array; mediaType: 'image/jpeg' | 'image/png' }> {
  const response = await fetch(url, signal ? { signal } : {});
  if (!response.ok) throw new Error(`image ${url}: the download answered HTTP ${response.status}`);
  const data = new Uint8Array(await response.arrayBuffer());
  const png = data[0] === 0x89 && data[1] === 0x50;
  const jpeg = data[0] === 0xff && data[1] === 0xd8;
  if (!png && !jpeg) throw new Error(`image ${url}: not a JPEG or PNG (Kleinanzeigen accepts image/jpeg and image/png)`);
  return { data, mediaType: png ? 'image/png' : 'image/jpeg' };
}

/** An error that carries what was already done (the journal keeps it). */
function withRemote(error: unknown, remote: JsonObject): unknown {
  if (error !== null && typeof error === 'object') Object.assign(error, { remote });
  return error;
}

/**
 * The Kleinanzeigen adapter. The gateway has **no operation that lists listings** (spec/kleinanzeigen G-24), so the
 * ads it holds are the ones the journal remembers: each create records the listing uuid at once (before its images
 * are uploaded), then its publication uuid and its images (source URL -> stored URL); `list` reads each remembered
 * listing (`GET /v1/listings/{uuid}`: one request per listing, to see edits and deletions made elsewhere). An update
 * sends the changed listing fields (PUT: absent kept, `attributes` whole), replaces changed images (delete, upload,
 * reorder) and republishes, since edits reach the public ad only with a republish.
 *
 * @example
 * const adapter = kleinanzeigenAdapter({ clientId, clientSecret, imprintUuid });
 * await sync({ feed: 'stock.ndjson', adapter, journal: FileJournal.open('ka.journal', { marketplace: 'kleinanzeigen', target: clientId }) });
 */
export function kleinanzeigenAdapter(options: KleinanzeigenAdapterOptions): Adapter & { readonly limiter: RateLimiter; readonly client: KleinanzeigenClient } {
  const limiter = options.limiter ?? new RateLimiter();
  const client =
    options.client ??
    (() => {
      if (options.clientId === undefined || options.clientSecret === undefined) throw new TypeError('kleinanzeigenAdapter: pass `client`, or `clientId` and `clientSecret`');
      const inner = options.fetch ?? ((request: Request) => globalThis.fetch(request));
      return createKleinanzeigenClient({
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        ...(options.tokenUrl ? { tokenUrl: options.tokenUrl } : {}),
        fetch: limiter.wrapFetch(inner),
        userAgent: 'x-marketplace-sync',
      });
    })();
  const model = kleinanzeigenModel(options);
  const fetchImage = options.fetchImage ?? defaultFetchImage;
  const call = (signal?: AbortSignal) => (signal ? { signal } : undefined);

  async function current(sourceId: string, memory: Remembered | undefined, signal?: AbortSignal): Promise<CurrentAd | undefined> {
    const uuid = typeof memory?.remote?.listingUuid === 'string' ? memory.remote.listingUuid : undefined;
    if (uuid === undefined) {
      if (memory?.op === 'create' && memory.status === 'intent' && options.assumeNotCreated !== true) {
        return { sourceId, type: 'unknown', live: true, comparable: {}, meta: { unknownCreate: true } };
      }
      return undefined;
    }
    if (memory?.op === 'delete' && memory.status === 'done') return undefined;
    let listing: JsonObject;
    try {
      listing = (await client.listings.get(uuid, call(signal))) as unknown as JsonObject;
    } catch (error) {
      if (error instanceof KleinanzeigenNotFoundError) return undefined;
      throw error;
    }
    const images = imagesOf(memory?.remote);
    const serverUrls = Array.isArray(listing.urls) ? listing.urls.filter((u): u is string => typeof u === 'string') : [];
    const same = serverUrls.length === images.server.length && serverUrls.every((u, i) => u === images.server[i]);
    return {
      sourceId,
      type: typeof memory?.remote?.type === 'string' ? memory.remote.type : 'unknown',
      live: true,
      // Images compare by source URL when the listing still has exactly the images we stored; otherwise they differ.
      comparable: { ...listingFromServer(listing), images: same ? images.source : serverUrls, visible: memory?.remote?.visible !== false },
      meta: { listingUuid: uuid, ...(typeof memory?.remote?.publicationUuid === 'string' ? { publicationUuid: memory.remote.publicationUuid } : {}) },
    };
  }

  /** Makes the listing's images the wanted ones (by source URL), keeping those already stored. */
  async function syncImages(uuid: string, wanted: string[], had: ImagesState, remember: (images: ImagesState) => Promise<void>, signal?: AbortSignal): Promise<ImagesState> {
    const stored = new Map<string, string>();
    had.source.forEach((source, i) => {
      const server = had.server[i];
      if (server !== undefined) stored.set(source, server);
    });
    const listing = (await client.listings.get(uuid, call(signal))) as unknown as JsonObject;
    const onServer = Array.isArray(listing.urls) ? listing.urls.filter((u): u is string => typeof u === 'string') : [];
    for (const [source, server] of stored) if (!onServer.includes(server)) stored.delete(source);
    const keep = new Set(wanted.map((s) => stored.get(s)).filter((s): s is string => s !== undefined));
    const drop = onServer.filter((u) => !keep.has(u));
    if (drop.length > 0) await client.media.delete(uuid, { urls: drop }, call(signal));
    let state: ImagesState = { source: [...stored.keys()].filter((s) => wanted.includes(s)), server: [] };
    state.server = state.source.map((s) => stored.get(s) as string);
    for (const source of wanted) {
      if (stored.has(source)) continue;
      const { data, mediaType } = await fetchImage(source, signal);
      const before = new Set(state.server);
      const urls = await client.media.upload(uuid, data, mediaType, call(signal));
      const added = urls.find((u) => !before.has(u));
      if (added === undefined) throw new Error(`image ${source}: the upload did not add an image to the listing`);
      stored.set(source, added);
      state = { source: [...state.source, source], server: [...state.server, added] };
      await remember(state);
    }
    const order = wanted.map((s) => stored.get(s)).filter((s): s is string => s !== undefined);
    const now = ((await client.listings.get(uuid, call(signal))) as unknown as JsonObject).urls;
    if (Array.isArray(now) && order.length > 1 && now.some((u, i) => u !== order[i])) await client.media.reorder(uuid, { urls: order }, call(signal));
    return { source: wanted.filter((s) => stored.has(s)), server: order };
  }

  async function publish(uuid: string, publicationUuid: string | undefined, visible: boolean, location: Json | undefined, context: OpContext): Promise<{ publicationUuid?: string; messages: string[]; failed: boolean }> {
    const signal = context.signal;
    if (options.imprintUuid === undefined) return { ...(publicationUuid ? { publicationUuid } : {}), messages: ['not published: no imprint uuid (--imprint-uuid)'], failed: false };
    const waitOptions = { timeoutMs: 120_000, ...options.waitOptions, ...(signal ? { signal } : {}) };
    try {
      if (publicationUuid === undefined) {
        if (!visible) return { messages: [], failed: false };
        const body = { imprintUuid: options.imprintUuid, ...(isObject(location) ? { location: location as { zipCode: string } } : {}) };
        if (context.wait) {
          const publication = await client.publications.createAndWait(uuid, body, waitOptions);
          return { publicationUuid: publication.uuid, messages: [], failed: false };
        }
        const created = await client.publications.create(uuid, body, call(signal));
        return { publicationUuid: (created as { uuid: string }).uuid, messages: [], failed: false };
      }
      const requestedState = visible ? 'PUBLISHED' : 'PAUSED';
      const republish = async () => {
        if (context.wait) await client.publications.republishAndWait(uuid, publicationUuid, { requestedState }, waitOptions);
        else await client.publications.republish(uuid, publicationUuid, {}, { requestedState }, call(signal));
      };
      try {
        await republish();
      } catch (error) {
        // A validation still running (409 while PENDING): wait for it, then republish the new content.
        if (!(error instanceof KleinanzeigenConflictError)) throw error;
        await client.publications.waitFor(uuid, publicationUuid, waitOptions).catch(() => undefined);
        await republish();
      }
      return { publicationUuid, messages: [], failed: false };
    } catch (error) {
      if (error instanceof KleinanzeigenPublicationError) {
        const reason = (error as { statusReason?: unknown }).statusReason;
        return { ...(publicationUuid ? { publicationUuid } : {}), messages: [`publication: ${typeof reason === 'string' ? reason : error.message}`], failed: true };
      }
      throw error;
    }
  }

  const retryable = (error: unknown) =>
    error instanceof KleinanzeigenTimeoutError ||
    (error instanceof KleinanzeigenHttpError && !(error instanceof KleinanzeigenPublicationError) && (error.status === undefined || [429, 500, 502, 503, 504].includes(error.status)));

  return {
    model,
    limiter,
    client,
    async *list({ signal, remembered }: { signal?: AbortSignal; remembered: ReadonlyMap<string, Remembered> }): AsyncIterable<CurrentAd> {
      for (const [sourceId, memory] of remembered) {
        const ad = await current(sourceId, memory, signal);
        if (ad !== undefined) yield ad;
      }
    },
    read: (sourceId, { signal, remembered }) => current(sourceId, remembered, signal),
    async create(entry: PlanEntry, payload: JsonObject, context: OpContext): Promise<OpResult> {
      const created = (await client.listings.create(payload.listing as never, call(context.signal))) as { uuid: string };
      const remote: JsonObject = { listingUuid: created.uuid, type: entry.type, visible: payload.visible !== false };
      await context.remember?.(remote);
      try {
        const images = await syncImages(created.uuid, (payload.images as string[]) ?? [], { source: [], server: [] }, async (state) => context.remember?.({ images: state }), context.signal);
        remote.images = images;
        const published = await publish(created.uuid, undefined, payload.visible !== false, payload.location, context);
        if (published.publicationUuid) remote.publicationUuid = published.publicationUuid;
        return { status: published.failed ? 'failed' : 'done', remote, ...(published.messages.length ? { messages: published.messages } : {}) };
      } catch (error) {
        throw withRemote(error, remote);
      }
    },
    async update(entry: PlanEntry, patch: JsonObject, context: OpContext): Promise<OpResult> {
      const memory = context.remembered;
      const uuid = typeof memory?.remote?.listingUuid === 'string' ? memory.remote.listingUuid : typeof entry.remote?.listingUuid === 'string' ? entry.remote.listingUuid : undefined;
      if (uuid === undefined) throw new Error(`no listing uuid is known for "${entry.sourceId}" (the journal lost it): remove it from the journal to create it again`);
      const remote: JsonObject = { type: entry.type };
      if (isObject(patch.listing)) await client.listings.update(uuid, patch.listing as never, call(context.signal));
      if (Array.isArray(patch.images)) {
        remote.images = await syncImages(uuid, patch.images as string[], imagesOf(memory?.remote), async (state) => context.remember?.({ images: state }), context.signal);
      }
      const visible = typeof patch.visible === 'boolean' ? patch.visible : memory?.remote?.visible !== false;
      remote.visible = visible;
      const pub = typeof memory?.remote?.publicationUuid === 'string' ? memory.remote.publicationUuid : undefined;
      const published = await publish(uuid, pub, visible, patch.location, context);
      if (published.publicationUuid) remote.publicationUuid = published.publicationUuid;
      return { status: published.failed ? 'failed' : 'done', remote, ...(published.messages.length ? { messages: published.messages } : {}) };
    },
    async delete(entry: PlanEntry, context: OpContext): Promise<OpResult> {
      const uuid = typeof context.remembered?.remote?.listingUuid === 'string' ? context.remembered.remote.listingUuid : typeof entry.remote?.listingUuid === 'string' ? entry.remote.listingUuid : undefined;
      if (uuid === undefined) return { status: 'done', messages: ['no listing is known for it'] };
      try {
        await client.listings.delete(uuid, call(context.signal));
      } catch (error) {
        // "A client retrying a DELETE after a lost answer should take 404 as done" (G-14).
        if (!(error instanceof KleinanzeigenNotFoundError)) throw error;
      }
      return { status: 'done' };
    },
    retryable,
    describeError: (error) => (error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error)),
  };
}
