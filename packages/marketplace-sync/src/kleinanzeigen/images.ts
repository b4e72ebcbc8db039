import type { KleinanzeigenClient } from '@x/kleinanzeigen-client';
import { isObject } from '../core/diff.js';
import type { JsonObject } from '../core/types.js';

/** An image as downloaded from the feed's URL, checked to be what Kleinanzeigen takes. */
export type Image = { data: Uint8Array; mediaType: 'image/jpeg' | 'image/png' };

/** How an image of the feed is fetched. */
export type FetchImage = (url: string, signal?: AbortSignal) => Promise<Image>;

/** The images the journal knows a listing has: feed URLs and, at the same positions, the URLs the listing stores. */
export type ImagesState = { source: string[]; server: string[] };

/**
 * An image of the feed that cannot be used: names the URL and the cause (`ENOTFOUND`, `ECONNREFUSED`, an HTTP status,
 * not a JPEG or PNG). Raised before anything of the ad is sent.
 */
export class ImageError extends Error {
  readonly url: string;
  constructor(url: string, problem: string, options?: { cause?: unknown }) {
    super(`image ${url}: ${problem}`, options);
    this.name = 'ImageError';
    this.url = url;
  }
}

export function imagesOf(remote: JsonObject | undefined): ImagesState {
  const images = isObject(remote?.images) ? remote.images : {};
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return { source: list(images.source), server: list(images.server) };
}

/** The network error's code (`ENOTFOUND`, `ECONNREFUSED`, ...) and message, from undici's `cause` chain. */
function networkCause(error: unknown): string {
  let current: unknown = error;
  let deepest = error instanceof Error ? error.message : String(error);
  for (let i = 0; i < 4 && current !== null && typeof current === 'object'; i += 1) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string') return typeof message === 'string' && message.includes(code) ? message : `${code}${typeof message === 'string' ? `: ${message}` : ''}`;
    if (typeof message === 'string') deepest = message;
    current = (current as { cause?: unknown }).cause;
  }
  return deepest;
}

/**
 * Downloads an image with `fetch` and checks it by its first bytes (JPEG or PNG: "Supported types are: image/jpeg,
 * image/png", the media ticket's 415). A failure is an `ImageError` naming the URL and the cause.
 *
 * @example
 * const { data, mediaType } = await downloadImage('https://cdn.example.com/car-1/1.jpg');
 */
export async function downloadImage(url: string, signal?: AbortSignal, timeoutMs = 30_000): Promise<Image> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    signal?.throwIfAborted();
    if (timeout.aborted) throw new ImageError(url, `the download got no answer within ${Math.round(timeoutMs / 1000)} s`);
    throw new ImageError(url, `the download failed (${networkCause(error)})`, { cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new ImageError(url, `the download answered HTTP ${response.status}`);
  }
  const data = new Uint8Array(await response.arrayBuffer());
  const png = data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47;
  const jpeg = data[0] === 0xff && data[1] === 0xd8;
  if (!png && !jpeg) throw new ImageError(url, 'not a JPEG or PNG (Kleinanzeigen takes image/jpeg and image/png)');
  return { data, mediaType: png ? 'image/png' : 'image/jpeg' };
}

/** Downloads every URL (two at a time), or throws the first `ImageError`: all of an ad's images, or none. */
export async function downloadAll(urls: readonly string[], fetchImage: FetchImage, signal?: AbortSignal): Promise<Map<string, Image>> {
  const images = new Map<string, Image>();
  const queue = [...new Set(urls)];
  const worker = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      try {
        images.set(url, await fetchImage(url, signal));
      } catch (error) {
        signal?.throwIfAborted();
        throw error instanceof ImageError ? error : new ImageError(url, `the download failed (${networkCause(error)})`, { cause: error });
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return images;
}

/** What making a listing's images the wanted ones takes, worked out (and downloaded) before anything is changed. */
export type ImagePlan = {
  uuid: string;
  wanted: string[];
  /** Feed URL -> stored URL of the images the listing keeps. */
  stored: Map<string, string>;
  /** Stored URLs to delete. */
  drop: string[];
  /** The images to upload, downloaded. */
  upload: Map<string, Image>;
};

/**
 * Works out the change from the images the listing has (`onServer`, and what the journal knows of them, `had`) to
 * the wanted feed URLs, and downloads the new ones: a failed download throws before the listing is touched.
 */
export async function planImages(options: { uuid: string; wanted: string[]; had: ImagesState; onServer: string[]; fetchImage: FetchImage; signal?: AbortSignal }): Promise<ImagePlan> {
  const { uuid, wanted, had, onServer } = options;
  const stored = new Map<string, string>();
  had.source.forEach((source, i) => {
    const server = had.server[i];
    if (server !== undefined && onServer.includes(server) && wanted.includes(source)) stored.set(source, server);
  });
  const keep = new Set(stored.values());
  const drop = onServer.filter((u) => !keep.has(u));
  const upload = await downloadAll(
    wanted.filter((s) => !stored.has(s)),
    options.fetchImage,
    options.signal,
  );
  return { uuid, wanted, stored, drop, upload };
}

/**
 * Carries an image plan out: deletes, uploads (each new stored URL is remembered at once), reorders when the order
 * differs. Answers the listing's images as the journal keeps them.
 */
export async function applyImages(
  client: KleinanzeigenClient,
  plan: ImagePlan,
  remember: (images: ImagesState) => Promise<void>,
  options: { signal?: AbortSignal },
): Promise<ImagesState> {
  const call = options.signal ? { signal: options.signal } : undefined;
  const { uuid, wanted, stored, drop, upload } = plan;
  if (drop.length > 0) await client.media.delete(uuid, { urls: drop }, call);
  let state: ImagesState = { source: wanted.filter((s) => stored.has(s)), server: [] };
  state.server = state.source.map((s) => stored.get(s) as string);
  for (const source of wanted) {
    const image = upload.get(source);
    if (stored.has(source) || image === undefined) continue;
    const before = new Set(state.server);
    const urls = await client.media.upload(uuid, image.data, image.mediaType, call);
    const added = urls.find((u) => !before.has(u));
    if (added === undefined) throw new Error(`image ${source}: the upload did not add an image to the listing`);
    stored.set(source, added);
    state = { source: [...state.source, source], server: [...state.server, added] };
    await remember(state);
  }
  const order = wanted.map((s) => stored.get(s)).filter((s): s is string => s !== undefined);
  if (order.length > 1) {
    // "The sort order": the listing's own order after the deletes and uploads, compared with the feed's.
    const now = ((await client.listings.get(uuid, call)) as unknown as JsonObject).urls;
    if (Array.isArray(now) && now.some((u, i) => u !== order[i])) await client.media.reorder(uuid, { urls: order }, call);
  }
  return { source: wanted.filter((s) => stored.has(s)), server: order };
}
