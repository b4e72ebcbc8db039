/** What the Kleinanzeigen fake stores. Everything is plain JSON, so a snapshot is the state itself. */

/**
 * A seller account's API client, as `createKleinanzeigenFake({ clients })` takes it.
 *
 * @example
 * const shop: ClientConfig = { clientId: 'shop', clientSecret: process.env.SHOP_SECRET ?? 'local', userId: 'seller-1' };
 */
export type ClientConfig = {
  clientId: string;
  /** Never printed, logged, answered or saved in a snapshot. */
  clientSecret: string;
  /** The seller account the client acts for (G-26). Default: a UUID derived from `clientId`. */
  userId?: string;
};

/**
 * Who is calling, once the access token is verified.
 *
 * @example
 * fake.clients(); // [{ clientId: 'shop', userId: 'seller-1' }]
 */
export type Principal = { clientId: string; userId: string };

/**
 * An imprint as the fake stores it.
 *
 * @example
 * fake.snapshot().imprints[0]?.content; // the imprint text as sent
 */
export type StoredImprint = { uuid: string; userId: string; content: unknown; createdAt: number };

/**
 * The writable fields of a listing as last stored (request names: `price`, not `adPrice`).
 *
 * @example
 * fake.snapshot().listings[0]?.fields.price; // { type: 'FIXED', amount: 100 }
 */
export type ListingFields = {
  category?: unknown;
  title?: unknown;
  description?: unknown;
  attributes?: unknown;
  adType?: unknown;
  price?: unknown;
  email?: unknown;
  phoneNumber?: unknown;
  customReference?: unknown;
  contactPerson?: unknown;
  buyNow?: unknown;
};

/**
 * A listing as the fake stores it.
 *
 * @example
 * fake.snapshot().listings.filter((l) => !l.deleted).length;
 */
export type StoredListing = {
  uuid: string;
  userId: string;
  fields: ListingFields;
  /** Image URLs in display order; the first is the cover. */
  urls: string[];
  deleted: boolean;
  createdAt: number;
  updatedAt: number;
  /**
   * Bumped by every change of the images, to tell a publication that it has changes to push with a republish (G-19:
   * the manage-images guide). Listing edits apply to the publications at once and do not bump it.
   */
  revision: number;
};

/**
 * A media ticket as the fake stores it.
 *
 * @example
 * fake.snapshot().tickets.filter((t) => t.usedAt === null && t.url !== null); // uploaded, not attached yet
 */
export type StoredTicket = {
  uuid: string;
  userId: string;
  mediaType: string;
  /** Epoch ms, whole seconds: the ticket and its presigned URL expire together. */
  expiresAt: number;
  /** The stored image, once the bytes were PUT to the presigned URL. */
  imageId: string | null;
  /** The image's public URL (on the server that stored it). */
  url: string | null;
  /** When an attach used the ticket (it can be used once successfully). */
  usedAt: number | null;
};

/**
 * An uploaded image (its bytes in base64, so the state stays JSON).
 *
 * @example
 * Buffer.from(fake.snapshot().images[0]?.base64 ?? '', 'base64'); // the uploaded bytes
 */
export type StoredImage = { id: string; contentType: 'image/jpeg' | 'image/png'; base64: string };

/**
 * The statuses of a publication (G-13).
 *
 * @example
 * const done = (s: PublicationStatus) => s !== 'PENDING';
 */
export type PublicationStatus = 'PENDING' | 'PUBLISHED' | 'PAUSED' | 'REJECTED' | 'DELETED';

/**
 * A publication's location as stored: every member present, `null` when not sent.
 *
 * @example
 * const berlin: PublicationLocation = { zipCode: '10115', city: 'Berlin', latitude: null, longitude: null };
 */
export type PublicationLocation = {
  zipCode: unknown;
  city: unknown;
  latitude: unknown;
  longitude: unknown;
};

/**
 * A publication as the fake stores it.
 *
 * @example
 * fake.snapshot().publications.filter((p) => p.validation !== null).length; // being validated
 */
export type StoredPublication = {
  uuid: string;
  listingUuid: string;
  imprintUuid: string;
  userId: string;
  status: PublicationStatus;
  statusReason: string | null;
  location: PublicationLocation | null;
  createdAt: number;
  updatedAt: number;
  adId: string | null;
  /** The listing revision the last finished validation saw (pendingChanges compares against it). */
  contentRevision: number;
  /** The running validation: when it ends and which state it ends in when the listing passes. */
  validation: { dueAt: number; requestedState: 'PUBLISHED' | 'PAUSED' } | null;
};

/**
 * The whole state as JSON: what `fake.snapshot()` answers and `--state` saves. No client secrets, no tokens.
 *
 * @example
 * const saved: KleinanzeigenSnapshot = fake.snapshot();
 * const copy = createKleinanzeigenFake({ snapshot: JSON.parse(JSON.stringify(saved)) as KleinanzeigenSnapshot });
 */
export type KleinanzeigenSnapshot = {
  version: 1;
  now: number;
  imprints: StoredImprint[];
  listings: StoredListing[];
  tickets: StoredTicket[];
  images: StoredImage[];
  /** In creation order. */
  publications: StoredPublication[];
  counters: { adId: number };
  randomState: number;
};
