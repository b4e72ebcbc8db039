import {
  createKleinanzeigenClient,
  KleinanzeigenConflictError,
  KleinanzeigenHttpError,
  KleinanzeigenNotFoundError,
  KleinanzeigenOutcomeUnknownError,
  KleinanzeigenPublicationError,
  KleinanzeigenTimeoutError,
  type KleinanzeigenClient,
} from '@x/kleinanzeigen-client';
import { failedBeforeSending } from '@x/client-runtime';
import { isObject } from '../core/diff.js';
import { RateLimiter } from '../core/limiter.js';
import type { Adapter, CurrentAd, Json, JsonObject, OpContext, OpResult, PlanEntry, Remembered } from '../core/types.js';
import { applyImages, downloadImage, ImageError, imagesOf, planImages, type FetchImage, type ImagesState } from './images.js';
import { kleinanzeigenModel, listingFromServer, type KleinanzeigenModelOptions } from './model.js';
import { publicationOutcome, publicationsOf, type PublicationView } from './publication.js';

export { kleinanzeigenModel, type KleinanzeigenModelOptions } from './model.js';

export type KleinanzeigenAdapterOptions = KleinanzeigenModelOptions & {
  client?: KleinanzeigenClient;
  clientId?: string;
  clientSecret?: string;
  baseUrl?: string;
  tokenUrl?: string;
  fetch?: (request: Request) => Promise<Response>;
  limiter?: RateLimiter;
  /** Per request: no answer within this long is a timeout (and the client's retries). Default the client's (30 s). */
  timeoutMs?: number;
  /** The imprint publications are made with; without it listings are stored but not published (and reported blocked). */
  imprintUuid?: string;
  /** How an image of the feed is fetched (default: `fetch(url)`, checked to be a JPEG or PNG by its first bytes). */
  fetchImage?: FetchImage;
  /**
   * Source ids (or `true`: all) whose create an earlier run left undecided (its answer was lost, the API cannot
   * look listings up) to create again, after the operator checked the account. Default: none; they are blocked.
   */
  assumeNotCreated?: boolean | ReadonlySet<string>;
  /** Publication waits (see the client's `WaitOptions`). */
  waitOptions?: { timeoutMs?: number; pollMs?: number; maxPollMs?: number };
  /** How many remembered listings `list` reads at the same time. Default 8. */
  readConcurrency?: number;
};

/**
 * A listing create whose answer was lost (the connection dropped after sending, a timeout, a gateway's 500/502/504):
 * the listing may exist, and since the API cannot look a listing up by `customReference`, it is never created again
 * without the operator. Not retried; the journal keeps `createUnknown`.
 */
export class ListingOutcomeUnknownError extends Error {
  readonly remote: JsonObject;
  constructor(message: string, remote: JsonObject, options: { cause: unknown }) {
    super(message, options);
    this.name = 'ListingOutcomeUnknownError';
    this.remote = remote;
  }
}

/** An error that carries what was already done (the journal keeps it). */
function withRemote(error: unknown, remote: JsonObject): unknown {
  if (error !== null && typeof error === 'object') Object.assign(error, { remote });
  return error;
}

/**
 * Whether a failed listing create may have made the listing: the client's outcome-unknown error, an attempt the
 * client says may have arrived, or anything but an answer that says it did not (429, 503, a 4xx, a connection never
 * made).
 */
function mayHaveCreated(error: unknown): boolean {
  if (error instanceof KleinanzeigenOutcomeUnknownError || error instanceof KleinanzeigenTimeoutError) return true;
  if (!(error instanceof KleinanzeigenHttpError)) return false;
  if (error.mayHaveArrived) return true;
  if (error.status === undefined) return !failedBeforeSending(error);
  return [500, 502, 504].includes(error.status);
}

const uuidOf = (remote: JsonObject | undefined, key: string): string | undefined => (typeof remote?.[key] === 'string' ? (remote[key] as string) : undefined);

/**
 * The Kleinanzeigen adapter. The gateway has **no operation that lists listings** (spec/kleinanzeigen G-24), so the
 * ads it holds are the ones the journal remembers: each create records the listing uuid at once (before its images
 * are uploaded), then its images (source URL -> stored URL); `list` reads each remembered listing and its
 * publications (`GET /v1/listings/{uuid}` and `.../publications`: edits, deletions and publication states made
 * elsewhere are seen). A create downloads and checks every image first, so a broken image URL leaves nothing
 * half-made; a create whose answer was lost is never sent again (the listing may exist and cannot be looked up): the
 * ad is blocked with what to check. An update sends the changed listing fields (PUT: absent kept, `attributes`
 * whole), replaces changed images (delete, upload, reorder) and republishes, since edits reach the public ad only
 * with a republish; a listing that is not published as the feed wants under the imprint is published (`retry`).
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
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        fetch: limiter.wrapFetch(inner),
        userAgent: 'x-marketplace-sync',
      });
    })();
  const model = kleinanzeigenModel(options);
  const fetchImage: FetchImage = options.fetchImage ?? ((url, signal) => downloadImage(url, signal, options.timeoutMs));
  const call = (signal?: AbortSignal) => (signal ? { signal } : undefined);
  const imprintUuid = options.imprintUuid;
  const assumed = (sourceId: string) => options.assumeNotCreated === true || (options.assumeNotCreated instanceof Set && options.assumeNotCreated.has(sourceId));
  const retryable = (error: unknown) =>
    error instanceof KleinanzeigenTimeoutError ||
    (error instanceof KleinanzeigenHttpError && !(error instanceof KleinanzeigenPublicationError) && (error.status === undefined || [429, 500, 502, 503, 504].includes(error.status)));
  const describeError = (error: unknown) => (error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error));

  /** Whether the journal says a create of this ad may have made a listing whose uuid it never learnt. */
  function undecidedCreate(sourceId: string, memory: Remembered | undefined): string | undefined {
    if (memory === undefined || uuidOf(memory.remote, 'listingUuid') !== undefined || assumed(sourceId)) return undefined;
    if (memory.remote?.createUnknown === true) return typeof memory.remote.createUnknownReason === 'string' ? memory.remote.createUnknownReason : 'its answer was lost';
    if (memory.op === 'create' && memory.status === 'intent') return 'a run was stopped while creating it';
    return undefined;
  }

  async function current(sourceId: string, memory: Remembered | undefined, signal?: AbortSignal): Promise<CurrentAd | undefined> {
    const uuid = uuidOf(memory?.remote, 'listingUuid');
    const type = typeof memory?.remote?.type === 'string' ? memory.remote.type : 'unknown';
    if (uuid === undefined) {
      const why = undecidedCreate(sourceId, memory);
      return why === undefined ? undefined : { sourceId, type, live: true, comparable: {}, meta: { unknownCreate: true, unknownCreateReason: why } };
    }
    if (memory?.op === 'delete' && memory.status === 'done') return undefined;
    let listing: JsonObject;
    let publications: PublicationView[];
    try {
      listing = (await client.listings.get(uuid, call(signal))) as unknown as JsonObject;
      publications = publicationsOf(await client.publications.list(uuid, call(signal)));
    } catch (error) {
      if (error instanceof KleinanzeigenNotFoundError) return undefined;
      // One listing the server failed to answer for is that ad's problem, not the run's.
      if (!retryable(error)) throw error;
      signal?.throwIfAborted();
      return { sourceId, type, live: true, comparable: {}, meta: { listingUuid: uuid }, unreadable: describeError(error) };
    }
    const images = imagesOf(memory?.remote);
    const serverUrls = Array.isArray(listing.urls) ? listing.urls.filter((u): u is string => typeof u === 'string') : [];
    const same = serverUrls.length === images.server.length && serverUrls.every((u, i) => u === images.server[i]);
    const visible = memory?.remote?.visible !== false;
    const { outcome, publication } = publicationOutcome(publications, imprintUuid, visible);
    return {
      sourceId,
      type,
      live: true,
      // Images compare by source URL when the listing still has exactly the images we stored; otherwise they differ.
      comparable: { ...listingFromServer(listing), images: same ? images.source : serverUrls, visible },
      meta: { listingUuid: uuid, ...(publication ? { publicationUuid: publication.uuid, publicationStatus: publication.status } : {}) },
      outcome,
    };
  }

  /**
   * Makes the listing's publication under the imprint what the feed wants: created, republished (`PUBLISHED` or
   * `PAUSED`), or waited for while a validation runs. `wait` follows it until validated.
   */
  async function publish(uuid: string, visible: boolean, location: Json | undefined, context: OpContext, known?: PublicationView): Promise<{ status: OpResult['status']; publicationUuid?: string; messages: string[] }> {
    const signal = context.signal;
    if (imprintUuid === undefined) {
      if (!visible) return { status: 'done', messages: [] };
      return { status: 'blocked', messages: ['not published: no imprint is configured; pass --imprint-uuid (or set KLEINANZEIGEN_IMPRINT_UUID) and run again: the next run publishes it'] };
    }
    const waitOptions = { timeoutMs: 120_000, ...options.waitOptions, ...(signal ? { signal } : {}) };
    const publication = known ?? publicationsOf(await client.publications.list(uuid, call(signal))).find((p) => p.imprintUuid === imprintUuid);
    try {
      if (publication === undefined) {
        if (!visible) return { status: 'done', messages: [] };
        const body = { imprintUuid, ...(isObject(location) ? { location: location as { zipCode: string } } : {}) };
        const created = await createPublication(uuid, body, signal);
        if (context.wait) await client.publications.waitFor(uuid, created, waitOptions);
        return { status: 'done', publicationUuid: created, messages: [] };
      }
      const requestedState = visible ? 'PUBLISHED' : 'PAUSED';
      const republish = async () => {
        if (context.wait) await client.publications.republishAndWait(uuid, publication.uuid, { requestedState }, waitOptions);
        else await client.publications.republish(uuid, publication.uuid, {}, { requestedState }, call(signal));
      };
      try {
        await republish();
      } catch (error) {
        // A validation still running (409 while PENDING): wait for it, then republish the new content.
        if (!(error instanceof KleinanzeigenConflictError)) throw error;
        await client.publications.waitFor(uuid, publication.uuid, waitOptions).catch(() => undefined);
        await republish();
      }
      return { status: 'done', publicationUuid: publication.uuid, messages: [] };
    } catch (error) {
      if (error instanceof KleinanzeigenPublicationError) {
        const reason = (error as { statusReason?: unknown }).statusReason;
        return { status: 'failed', ...(publication ? { publicationUuid: publication.uuid } : {}), messages: [`publication: ${typeof reason === 'string' ? reason : error.message}`] };
      }
      throw error;
    }
  }

  /**
   * `POST .../publications`, settled when its answer is lost: the listing's publications are read, and one under the
   * imprint is this one (a second one for the same imprint would be refused anyway).
   */
  async function createPublication(uuid: string, body: { imprintUuid: string; location?: { zipCode: string } }, signal?: AbortSignal): Promise<string> {
    try {
      return ((await client.publications.create(uuid, body, call(signal))) as { uuid: string }).uuid;
    } catch (error) {
      if (!retryable(error) && !(error instanceof KleinanzeigenConflictError)) throw error;
      const found = publicationsOf(await client.publications.list(uuid, call(signal))).find((p) => p.imprintUuid === body.imprintUuid);
      if (found !== undefined) return found.uuid;
      throw error;
    }
  }

  return {
    model,
    limiter,
    client,
    async *list({ signal, remembered }: { signal?: AbortSignal; remembered: ReadonlyMap<string, Remembered> }): AsyncIterable<CurrentAd> {
      const entries = [...remembered];
      const found: Array<CurrentAd | undefined> = [];
      // Read a few at a time (one GET per listing and one per its publications), in the journal's order.
      const width = options.readConcurrency ?? 8;
      for (let start = 0; start < entries.length; start += width) {
        found.length = 0;
        found.push(...(await Promise.all(entries.slice(start, start + width).map(([sourceId, memory]) => current(sourceId, memory, signal)))));
        for (const ad of found) if (ad !== undefined) yield ad;
      }
    },
    read: (sourceId, { signal, remembered }) => current(sourceId, remembered, signal),
    async create(entry: PlanEntry, payload: JsonObject, context: OpContext): Promise<OpResult> {
      const wanted = (payload.images as string[] | undefined) ?? [];
      // Every image first: a broken URL fails the ad before anything is made.
      const images = await planImages({ uuid: '', wanted, had: { source: [], server: [] }, onServer: [], fetchImage, ...(context.signal ? { signal: context.signal } : {}) });
      let created: { uuid: string };
      try {
        // Sent without the stop signal: a listing POST cut off halfway leaves a listing no one knows of. Its timeout holds.
        created = (await client.listings.create(payload.listing as never)) as { uuid: string };
      } catch (error) {
        if (!mayHaveCreated(error)) throw error;
        const reason = `the create's answer was lost: ${describeError(error)}`;
        throw new ListingOutcomeUnknownError(
          `whether the listing was created is unknown (${describeError(error)}); it is not created again: the API cannot look it up by customReference`,
          { type: entry.type, createUnknown: true, createUnknownReason: reason },
          { cause: error },
        );
      }
      const remote: JsonObject = { listingUuid: created.uuid, type: entry.type, visible: payload.visible !== false, createUnknown: false };
      await context.remember?.(remote);
      try {
        context.signal?.throwIfAborted();
        remote.images = await applyImages(client, { ...images, uuid: created.uuid }, async (state: ImagesState) => context.remember?.({ images: state }), call(context.signal) ?? {});
        const published = await publish(created.uuid, payload.visible !== false, payload.location, context);
        if (published.publicationUuid) remote.publicationUuid = published.publicationUuid;
        return { status: published.status, remote, ...(published.messages.length ? { messages: published.messages } : {}) };
      } catch (error) {
        throw withRemote(error, remote);
      }
    },
    async update(entry: PlanEntry, patch: JsonObject, context: OpContext): Promise<OpResult> {
      const memory = context.remembered;
      const uuid = uuidOf(entry.remote, 'listingUuid') ?? uuidOf(memory?.remote, 'listingUuid');
      if (uuid === undefined) throw new Error(`no listing uuid is known for "${entry.sourceId}"`);
      const remote: JsonObject = { type: entry.type };
      // New images are downloaded before the listing is touched: a broken URL changes nothing.
      let images: Awaited<ReturnType<typeof planImages>> | undefined;
      if (Array.isArray(patch.images)) {
        const onServer = ((await client.listings.get(uuid, call(context.signal))) as unknown as JsonObject).urls;
        images = await planImages({
          uuid,
          wanted: patch.images as string[],
          had: imagesOf(memory?.remote),
          onServer: Array.isArray(onServer) ? onServer.filter((u): u is string => typeof u === 'string') : [],
          fetchImage,
          ...(context.signal ? { signal: context.signal } : {}),
        });
      }
      if (isObject(patch.listing)) await client.listings.update(uuid, patch.listing as never, call(context.signal));
      if (images !== undefined) remote.images = await applyImages(client, images, async (state) => context.remember?.({ images: state }), call(context.signal) ?? {});
      const visible = typeof patch.visible === 'boolean' ? patch.visible : memory?.remote?.visible !== false;
      remote.visible = visible;
      const published = await publish(uuid, visible, patch.location, context);
      if (published.publicationUuid) remote.publicationUuid = published.publicationUuid;
      return { status: published.status, remote, ...(published.messages.length ? { messages: published.messages } : {}) };
    },
    async retry(entry: PlanEntry, context: OpContext): Promise<OpResult> {
      const memory = context.remembered;
      const uuid = uuidOf(entry.remote, 'listingUuid') ?? uuidOf(memory?.remote, 'listingUuid');
      if (uuid === undefined) throw new Error(`no listing uuid is known for "${entry.sourceId}"`);
      const visible = memory?.remote?.visible !== false;
      const location = isObject(entry.desired?.payload.location) ? entry.desired.payload.location : undefined;
      const published = await publish(uuid, visible, location, context);
      const status = published.status === 'done' && !context.wait ? 'retried' : published.status;
      const why = entry.note ?? 'it was not published as the feed wants';
      return {
        status,
        remote: { visible, ...(published.publicationUuid ? { publicationUuid: published.publicationUuid } : {}) },
        messages: [`${why}: ${status === 'retried' ? 'published (its validation was not waited for)' : status === 'done' ? 'published' : 'not published'}`, ...published.messages],
      };
    },
    async delete(entry: PlanEntry, context: OpContext): Promise<OpResult> {
      const uuid = uuidOf(context.remembered?.remote, 'listingUuid') ?? uuidOf(entry.remote, 'listingUuid');
      if (uuid === undefined) {
        const why = undecidedCreate(entry.sourceId, context.remembered);
        if (why !== undefined) return { status: 'failed', messages: [`whether a listing was created for it is unknown (${why}): look for customReference "${entry.sourceId}" in the account and delete it there`] };
        return { status: 'done', messages: ['no listing is known for it'] };
      }
      try {
        await client.listings.delete(uuid, call(context.signal));
      } catch (error) {
        // "A client retrying a DELETE after a lost answer should take 404 as done" (G-14).
        if (!(error instanceof KleinanzeigenNotFoundError)) throw error;
      }
      return { status: 'done' };
    },
    retryable: (error) => !(error instanceof ImageError) && retryable(error),
    describeError,
  };
}
