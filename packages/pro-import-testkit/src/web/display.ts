/**
 * How the web view reads a stored ad: the state a buyer or dealer would see (badge), prices, location, each image's
 * download result and the log as a timeline. Pure functions over what the API itself stores and answers.
 */
import { isRecord, type AdState, type JsonObject } from '@x/fake-runtime';
import { resourceOfCategory } from '../fake/facts.js';
import { imageProblem } from '../fake/media.js';
import type { Job, LogAction, LogEntry, StoredAd } from '../fake/types.js';

/**
 * The ad's badge. Work queued: `processing`. Otherwise `deleted` once the delete is done; `failed` when the last
 * request's work ended in an error that kept it from the marketplaces (an image that failed while the ad was still
 * published is shown on the images, not as a failed ad); `hidden` for `visible: false`; `published` once publish
 * gave it a `blocket_ad_id`; else `not published`.
 */
export function displayState(ad: StoredAd, queued: readonly Job[] | undefined): AdState {
  if (queued !== undefined && queued.length > 0) return 'processing';
  if (ad.state === 'deleted') return 'deleted';
  if (ad.retry !== null && !(ad.retry.length === 1 && ad.retry[0] === 'handle_media')) return 'failed';
  if (ad.fields.visible === false) return 'hidden';
  return ad.blocket_ad_id !== null ? 'published' : 'not published';
}

/** The vehicle type an ad is shown under (`car`, `boat`, ...), or `category <id>` for one the V4 API has no type for. */
export function vehicleTypeOf(ad: StoredAd): string {
  return resourceOfCategory(ad.category_id) ?? `category ${ad.category_id}`;
}

/** An amount as the Swedish marketplaces write it: `429 900 kr`. */
export function money(amount: unknown, currency: unknown): string {
  if (typeof amount !== 'number') return String(amount ?? '');
  const code = typeof currency === 'string' && currency !== '' ? currency : 'SEK';
  try {
    return new Intl.NumberFormat('sv-SE', { style: 'currency', currency: code, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount} ${code}`;
  }
}

/** The prices of an ad by type: list, reduced and leasing (the types the documents name), each formatted. */
export type Prices = { list?: string; reduced?: string; leasing?: string; other: string[] };

export function pricesOf(price: unknown): Prices {
  const prices: Prices = { other: [] };
  if (!Array.isArray(price)) return prices;
  for (const item of price) {
    if (!isRecord(item)) continue;
    const text = money(item.amount, item.currency);
    if (item.type === 'list' || item.type === 'reduced' || item.type === 'leasing') prices[item.type] ??= text;
    else prices.other.push(`${String(item.type)}: ${text}`);
  }
  return prices;
}

/** Where the ad says the vehicle is: coordinates, a postcode, an LKF code, or the dealer's address when none. */
export function locationText(location: unknown): string {
  if (!isRecord(location)) return "Dealer's address";
  if (location.latitude !== undefined && location.latitude !== null)
    return `${String(location.latitude)}, ${String(location.longitude)}`;
  if (typeof location.zipcode === 'string' || typeof location.zipcode === 'number') return `Postcode ${location.zipcode}`;
  if (typeof location.lkf === 'string' || typeof location.lkf === 'number') return `LKF ${location.lkf}`;
  return "Dealer's address";
}

/** One image of the ad and what became of it. */
export type ImageResult = {
  index: number;
  url: string;
  result: 'loaded' | 'failed' | 'waiting';
  /** Why it failed, in the fake's words (the same sentence as in the log). */
  reason?: string;
  cdnUrl?: string;
  checksum?: string;
};

const hasPending = (queued: readonly Job[] | undefined, action: LogAction): boolean =>
  (queued ?? []).some((job) => job.actions.slice(job.index).includes(action));

/**
 * Each image URL the ad was sent with and its download result: `loaded` (it has an image reference), `failed` (why:
 * the fake's own reason, or the forced error of the last `handle_media`), or `waiting` (handle_media is queued, or
 * never ran).
 */
export function imageResults(ad: StoredAd, queued: readonly Job[] | undefined): ImageResult[] {
  const urls = Array.isArray(ad.fields.image_urls) ? ad.fields.image_urls.filter((u): u is string => typeof u === 'string') : [];
  const refs = new Map(ad.image_refs.map((ref) => [ref.url, ref]));
  const lastMedia = [...ad.log].reverse().find((entry) => entry.action === 'handle_media' && entry.state !== 'processing');
  const waiting = hasPending(queued, 'handle_media') || lastMedia === undefined;
  return urls.map((url, index) => {
    const ref = refs.get(url);
    if (waiting) return { index, url, result: 'waiting' };
    if (ref !== undefined) return { index, url, result: 'loaded', cdnUrl: ref.cdn_url, checksum: ref.checksum };
    const message = typeof lastMedia.external_message === 'string' ? lastMedia.external_message : JSON.stringify(lastMedia.external_message);
    return { index, url, result: 'failed', reason: imageProblem(url) ?? message };
  });
}

/** One action of a request in the timeline: its last state, message and times. */
export type TimelineStep = {
  action: LogAction;
  state: LogEntry['state'];
  message: string;
  started: string;
  ended: string | null;
};

/** One API request's work in the timeline (`create → handle_media → publish`), oldest first. */
export type TimelineRequest = { requestId: string; started: string; steps: TimelineStep[]; queued: LogAction[] };

const messageText = (message: string | JsonObject): string => (typeof message === 'string' ? message : JSON.stringify(message));

/**
 * The log as a timeline: one entry per request id in the order the requests were made, each with its actions in
 * order (processing, then done or error), and the actions still queued for it.
 */
export function timeline(ad: StoredAd, queued: readonly Job[] | undefined): TimelineRequest[] {
  const requests = new Map<string, TimelineRequest>();
  for (const entry of [...ad.log].sort((a, b) => a.seq - b.seq)) {
    let request = requests.get(entry.request_id);
    if (request === undefined) {
      request = { requestId: entry.request_id, started: entry.created, steps: [], queued: [] };
      requests.set(entry.request_id, request);
    }
    const open = [...request.steps].reverse().find((step) => step.action === entry.action && step.ended === null);
    if (open !== undefined && entry.state !== 'processing') {
      open.state = entry.state;
      open.message = messageText(entry.external_message);
      open.ended = entry.created;
      continue;
    }
    request.steps.push({
      action: entry.action,
      state: entry.state,
      message: messageText(entry.external_message),
      started: entry.created,
      ended: entry.state === 'processing' ? null : entry.created,
    });
  }
  for (const job of queued ?? []) {
    const rest = job.actions.slice(job.started ? job.index + 1 : job.index);
    const request = requests.get(job.request_id);
    if (request !== undefined) request.queued = rest;
    else requests.set(job.request_id, { requestId: job.request_id, started: '', steps: [], queued: rest });
  }
  return [...requests.values()];
}
