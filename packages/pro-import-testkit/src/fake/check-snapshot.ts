import { InputError, parseInput } from '@x/fake-runtime';
import { z } from 'zod';
import { FakeState } from './state.js';
import { LOG_ACTIONS, type FakeSnapshot, type Job } from './types.js';

const WHERE = 'fake.load(snapshot)';
const text = z.string().min(1);
const epochMs = z.number().min(0);
const action = z.enum(LOG_ACTIONS as [string, ...string[]]);
const jsonObject = z.record(z.string(), z.unknown());

const ImageRefSchema = z.looseObject({ url: z.string(), cdn_url: z.string(), id: z.string(), checksum: z.string() });

const LogEntrySchema = z.looseObject({
  request_id: z.string(),
  created: z.iso.datetime({ offset: true }),
  action,
  state: z.enum(['processing', 'done', 'error']),
  external_message: z.union([z.string(), jsonObject]),
  seq: z.number(),
});

/** The server-owned fields of a stored ad and what each must be: what the handlers rely on. */
const StoredAdSchema = z.looseObject({
  id: text,
  source_id: text,
  dealer_code: text,
  category_id: z.int(),
  api_version: z.enum(['v3', 'v4']),
  state: z.enum(['created', 'deleted']),
  fields: jsonObject,
  image_refs: z.array(ImageRefSchema),
  blocket_ad_id: z.string().nullable(),
  offer_id: z.string().nullable(),
  registered: z.boolean(),
  created: epochMs,
  updated: epochMs,
  pole_position_until: epochMs.nullable(),
  retry: z.array(action).nullable(),
  log: z.array(LogEntrySchema),
});

const JobSchema = z
  .looseObject({
    request_id: z.string(),
    actions: z.array(action).min(1),
    index: z.int().min(0),
    started: z.boolean(),
    options: jsonObject.optional(),
  })
  .refine((job) => job.index <= job.actions.length, { error: 'index must not be past the last action' });

const AdminAdSchema = z.looseObject({
  dealer_code: text,
  registration_number: z.string(),
  blocket_ad_id: text,
  linked_source_id: z.string().nullable(),
});

/**
 * A snapshot as `fake.snapshot()` writes it. Parts older snapshots lack are optional; what is there must have the
 * right shape, so a hand-edited or damaged state file is refused with its place instead of answering 500s later.
 */
export const FakeSnapshotSchema = z.looseObject({
  version: z.literal(1),
  now: epochMs.optional(),
  ads: z.array(StoredAdSchema),
  queues: z.record(z.string(), z.array(JobSchema)).optional(),
  media: z.record(z.string(), ImageRefSchema).optional(),
  adminAds: z.array(AdminAdSchema).optional(),
  bumpDenied: z.array(text).optional(),
  counters: z
    .looseObject({ blocketAdId: z.int().min(0), offerId: z.int().min(0), logSeq: z.int().min(0) })
    .partial()
    .optional(),
  randomState: z.int().optional(),
});

/** A checked snapshot, and its queues resolved to the ads they belong to. */
export type CheckedSnapshot = { snapshot: FakeSnapshot; queues: Array<{ dealer: string; sourceId: string; jobs: Job[] }> };

/**
 * Checks a snapshot before the fake takes it (nothing is replaced when it is refused) and resolves each queue key
 * to its ad: `D1/car-1` as snapshots write it (a `/` or `%` inside a part percent-encoded), or the raw
 * `dealer/source_id` of older snapshots when that names exactly one ad.
 */
export function checkSnapshot(value: unknown): CheckedSnapshot {
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== 1) {
    throw new InputError(
      `${WHERE}: not a snapshot of this fake (expected {"version": 1, "ads": [...]}, as fake.snapshot() returns)`,
    );
  }
  const snapshot = parseInput(FakeSnapshotSchema, value, WHERE) as unknown as FakeSnapshot;
  const byKey = new Map<string, number>();
  const ids = new Map<string, number>();
  snapshot.ads.forEach((ad, i) => {
    const key = FakeState.snapshotKey(ad.dealer_code, ad.source_id);
    const twin = byKey.get(key);
    if (twin !== undefined)
      throw new InputError(`${WHERE}: ads[${i}] has the dealer_code and source_id of ads[${twin}] (${key}); source_ids are unique per dealer`);
    byKey.set(key, i);
    const sameId = ids.get(ad.id);
    if (sameId !== undefined) throw new InputError(`${WHERE}: ads[${i}].id is the id of ads[${sameId}] (${ad.id}); ids are unique`);
    ids.set(ad.id, i);
  });
  const queues: CheckedSnapshot['queues'] = [];
  for (const [key, jobs] of Object.entries(snapshot.queues ?? {})) {
    if (jobs.length === 0) continue;
    let index = byKey.get(key);
    if (index === undefined) {
      const legacy = snapshot.ads.flatMap((ad, i) => (`${ad.dealer_code}/${ad.source_id}` === key ? [i] : []));
      if (legacy.length > 1)
        throw new InputError(`${WHERE}: queues[${JSON.stringify(key)}] could be the queue of ads[${legacy.join('] or ads[')}]; write its key as fake.snapshot() does`);
      index = legacy[0];
    }
    const ad = index === undefined ? undefined : snapshot.ads[index];
    if (ad === undefined)
      throw new InputError(`${WHERE}: queues[${JSON.stringify(key)}] belongs to no ad (keys are "<dealer_code>/<source_id>")`);
    queues.push({ dealer: ad.dealer_code, sourceId: ad.source_id, jobs });
  }
  return { snapshot, queues };
}
