import { InputError, parseInput } from '@x/fake-runtime';
import { z } from 'zod';
import type { KleinanzeigenSnapshot } from './types.js';

const WHERE = 'fake.load(snapshot)';
const id = z.string().min(1);
const epochMs = z.number().min(0);
const anyJson = z.unknown();

const ImprintSchema = z.looseObject({ uuid: id, userId: id, content: anyJson, createdAt: epochMs });

const ListingSchema = z.looseObject({
  uuid: id,
  userId: id,
  fields: z.record(z.string(), anyJson),
  urls: z.array(z.string()),
  deleted: z.boolean(),
  createdAt: epochMs,
  updatedAt: epochMs,
  revision: z.int().min(0),
});

const TicketSchema = z.looseObject({
  uuid: id,
  userId: id,
  mediaType: z.string(),
  expiresAt: epochMs,
  imageId: z.string().nullable(),
  url: z.string().nullable(),
  usedAt: epochMs.nullable(),
});

const ImageSchema = z.looseObject({
  id,
  contentType: z.enum(['image/jpeg', 'image/png']),
  base64: z.base64(),
});

const PublicationSchema = z.looseObject({
  uuid: id,
  listingUuid: id,
  imprintUuid: id,
  userId: id,
  status: z.enum(['PENDING', 'PUBLISHED', 'PAUSED', 'REJECTED', 'DELETED']),
  statusReason: z.string().nullable(),
  location: z
    .looseObject({ zipCode: anyJson, city: anyJson, latitude: anyJson, longitude: anyJson })
    .nullable(),
  createdAt: epochMs,
  updatedAt: epochMs,
  adId: z.string().nullable(),
  contentRevision: z.int().min(0),
  validation: z.looseObject({ dueAt: epochMs, requestedState: z.enum(['PUBLISHED', 'PAUSED']) }).nullable(),
});

/** A snapshot as `fake.snapshot()` writes it: every part required, each of the right shape. */
export const KleinanzeigenSnapshotSchema = z.looseObject({
  version: z.literal(1),
  now: epochMs,
  imprints: z.array(ImprintSchema),
  listings: z.array(ListingSchema),
  tickets: z.array(TicketSchema),
  images: z.array(ImageSchema),
  publications: z.array(PublicationSchema),
  counters: z.looseObject({ adId: z.int().min(0) }),
  randomState: z.int(),
});

/** The index of each item's key, refusing a key that two items share. */
function indexBy<T>(items: readonly T[], key: (item: T) => string, list: string): Map<string, number> {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const value = key(item);
    const twin = seen.get(value);
    if (twin !== undefined) throw new InputError(`${WHERE}: ${list}[${i}] has the id of ${list}[${twin}] (${value})`);
    seen.set(value, i);
  });
  return seen;
}

/**
 * Checks a snapshot field by field, and that what items refer to exists (a publication's listing and imprint, a
 * ticket's image), before `load` replaces anything: a damaged state file is refused with the place that is wrong
 * instead of answering 500s later.
 */
export function checkSnapshot(value: unknown): KleinanzeigenSnapshot {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError(`${WHERE}: not a snapshot of this fake (expected the object fake.snapshot() answers)`);
  // Another version is another format: say that alone rather than everything that differs.
  parseInput(z.looseObject({ version: z.literal(1) }), value, WHERE);
  const snapshot = parseInput(KleinanzeigenSnapshotSchema, value, WHERE) as unknown as KleinanzeigenSnapshot;
  const listings = indexBy(snapshot.listings, (l) => l.uuid, 'listings');
  const imprints = indexBy(snapshot.imprints, (i) => i.uuid, 'imprints');
  const images = indexBy(snapshot.images, (i) => i.id, 'images');
  indexBy(snapshot.tickets, (t) => t.uuid, 'tickets');
  indexBy(snapshot.publications, (p) => p.uuid, 'publications');
  snapshot.publications.forEach((p, i) => {
    if (!listings.has(p.listingUuid))
      throw new InputError(`${WHERE}: publications[${i}].listingUuid names no listing (${p.listingUuid})`);
    if (!imprints.has(p.imprintUuid))
      throw new InputError(`${WHERE}: publications[${i}].imprintUuid names no imprint (${p.imprintUuid})`);
  });
  snapshot.tickets.forEach((t, i) => {
    if (t.imageId !== null && !images.has(t.imageId))
      throw new InputError(`${WHERE}: tickets[${i}].imageId names no image (${t.imageId})`);
  });
  return snapshot;
}
