import type { JsonObject } from './json.js';

export type LogAction =
  | 'create'
  | 'update'
  | 'bump'
  | 'boost'
  | 'handle_media'
  | 'publish'
  | 'delete'
  | 'unpublish';
export const LOG_ACTIONS: readonly LogAction[] = [
  'create',
  'update',
  'bump',
  'boost',
  'handle_media',
  'publish',
  'delete',
  'unpublish',
];
export type LogState = 'processing' | 'done' | 'error';

export type LogEntry = {
  request_id: string;
  created: string;
  action: LogAction;
  state: LogState;
  external_message: string | JsonObject;
  /** Insertion order, to sort entries written in the same millisecond. Not part of the API's response. */
  seq: number;
};

export type ImageRef = { url: string; cdn_url: string; id: string; checksum: string };

/**
 * One ad as the fake stores it. `fields` holds the writable fields as last merged (title, body, price, ...,
 * including the request-only `image_urls`); the rest is server-owned.
 */
export type StoredAd = {
  id: string;
  source_id: string;
  dealer_code: string;
  category_id: number;
  api_version: 'v3' | 'v4';
  state: 'created' | 'deleted';
  fields: JsonObject;
  image_refs: ImageRef[];
  blocket_ad_id: string | null;
  offer_id: string | null;
  /** Whether the vehicle type is registered (offer_id, generated title). */
  registered: boolean;
  created: number;
  updated: number;
  /** Until when pole position is active (epoch ms), if ever boosted. */
  pole_position_until: number | null;
  /** What `retry` re-queues: the failed action and those it prevented, or `null` when nothing failed. */
  retry: LogAction[] | null;
  log: LogEntry[];
};

/** Work queued by one API call: its actions, run one after the other by the worker. */
export type Job = {
  request_id: string;
  actions: LogAction[];
  /** Index of the action being processed. */
  index: number;
  /** Whether the current action has logged `processing` already. */
  started: boolean;
  /** Extra facts an action needs (bump exclusions, ...). */
  options?: JsonObject;
};

/** An ad that exists in Blocket Admin (the legacy file import) and is not yet linked to an API source_id. */
export type AdminAd = {
  dealer_code: string;
  registration_number: string;
  blocket_ad_id: string;
  linked_source_id: string | null;
};

/** Everything needed to restore a fake exactly: ads, queued work, counters, faults. Plain JSON. */
export type FakeSnapshot = {
  version: 1;
  now: number;
  ads: StoredAd[];
  /** Pending jobs per ad key (`dealer_code/source_id`), in queue order. */
  queues: Record<string, Job[]>;
  media: Record<string, ImageRef>;
  /** Blocket Admin ads waiting to be linked by licence plate (absent in older snapshots). */
  adminAds?: AdminAd[];
  /** Dealers whose bump permission was revoked (absent in older snapshots: every dealer may bump). */
  bumpDenied?: string[];
  counters: { blocketAdId: number; offerId: number; logSeq: number };
  randomState: number;
};
