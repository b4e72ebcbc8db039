/** What the Kleinanzeigen fake stores. Everything is plain JSON, so a snapshot is the state itself. */

/** A seller account's API client, as `createKleinanzeigenFake({ clients })` takes it. */
export type ClientConfig = {
  clientId: string;
  /** Never printed, logged, answered or saved in a snapshot. */
  clientSecret: string;
  /** The seller account the client acts for (G-26). Default: a UUID derived from `clientId`. */
  userId?: string;
};

/** Who is calling, once the access token is verified. */
export type Principal = { clientId: string; userId: string };

export type StoredImprint = { uuid: string; userId: string; content: unknown; createdAt: number };

/** The writable fields of a listing as last stored (request names: `price`, not `adPrice`). */
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

export type StoredListing = {
  uuid: string;
  userId: string;
  fields: ListingFields;
  /** Image URLs in display order; the first is the cover. */
  urls: string[];
  deleted: boolean;
  createdAt: number;
  updatedAt: number;
  /** Bumped by every change of content or images, to tell a publication that it has changes to push (G-19). */
  revision: number;
};

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

export type StoredImage = { id: string; contentType: 'image/jpeg' | 'image/png'; base64: string };

export type PublicationStatus = 'PENDING' | 'PUBLISHED' | 'PAUSED' | 'REJECTED' | 'DELETED';

export type PublicationLocation = {
  zipCode: unknown;
  city: unknown;
  latitude: unknown;
  longitude: unknown;
};

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

/** The whole state as JSON: what `fake.snapshot()` answers and `--state` saves. No client secrets, no tokens. */
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
