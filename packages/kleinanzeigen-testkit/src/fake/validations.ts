import { iso, type Env } from './context.js';
import type { StoredListing, StoredPublication } from './types.js';

/** What a listing needs before a publication of it can pass validation in strict mode (G-13: our design). */
function missingFields(listing: StoredListing): string[] {
  const f = listing.fields;
  const text = (value: unknown) => typeof value === 'string' && value.trim() !== '';
  const price = f.price;
  const hasPrice = typeof price === 'object' && price !== null && typeof (price as Record<string, unknown>).amount === 'number';
  return [
    ...(text(f.title) ? [] : ['title']),
    ...(text(f.description) ? [] : ['description']),
    ...(text(f.category) ? [] : ['category']),
    ...(hasPrice ? [] : ['price']),
  ];
}

/** Moves `updatedAt` forward, strictly: a client waiting for a change sees one even within one millisecond. */
export function touchPublication(env: Env, publication: StoredPublication): void {
  publication.updatedAt = Math.max(env.clock.now(), publication.updatedAt + 1);
}

/**
 * The asynchronous validation of publications, on the fake's clock: `PENDING` for `latencyMs`, then `PUBLISHED` (or
 * `PAUSED`, as requested) or `REJECTED` with a `statusReason` (G-13). Its state lives in the publications
 * (`validation.dueAt`), so a snapshot taken mid-way resumes exactly.
 */
export class Validations {
  /** The live timer of each pending publication; a timer whose token is no longer here does nothing. */
  private readonly armed = new Map<string, number>();
  private tokens = 0;

  constructor(private readonly env: () => Env) {}

  /** Starts a validation of the publication's listing: a new publication (as created) or a republish (a change). */
  start(publication: StoredPublication, requestedState: 'PUBLISHED' | 'PAUSED', options: { created?: boolean } = {}): void {
    const env = this.env();
    publication.status = 'PENDING';
    publication.statusReason = null;
    publication.validation = { dueAt: env.clock.now() + env.latencyMs, requestedState };
    if (options.created !== true) touchPublication(env, publication);
    this.arm(publication);
  }

  /** Re-arms the timers of every pending publication (after loading a snapshot). */
  resumeAll(): void {
    for (const publication of this.env().state.publications.values()) if (publication.validation !== null) this.arm(publication);
  }

  /** Forgets every timer (the state was replaced, or a publication's validation was cancelled). */
  disarmAll(): void {
    this.armed.clear();
  }

  disarm(publicationUuid: string): void {
    this.armed.delete(publicationUuid);
  }

  /** Ends every pending validation now, whatever the clock says. Answers how many ended. */
  runAll(): number {
    let n = 0;
    for (const publication of this.env().state.publications.values()) {
      if (publication.validation === null) continue;
      this.complete(publication);
      n += 1;
    }
    return n;
  }

  pending(): number {
    let n = 0;
    for (const publication of this.env().state.publications.values()) if (publication.validation !== null) n += 1;
    return n;
  }

  private arm(publication: StoredPublication): void {
    const env = this.env();
    const token = ++this.tokens;
    const uuid = publication.uuid;
    this.armed.set(uuid, token);
    env.clock.schedule(Math.max(0, (publication.validation?.dueAt ?? 0) - env.clock.now()), () => {
      if (this.armed.get(uuid) !== token) return;
      this.armed.delete(uuid);
      const current = this.env().state.publications.get(uuid);
      if (current?.validation != null) this.complete(current);
    });
  }

  private complete(publication: StoredPublication): void {
    const env = this.env();
    this.armed.delete(publication.uuid);
    const validation = publication.validation;
    const listing = env.state.listings.get(publication.listingUuid);
    publication.validation = null;
    if (validation === null || listing === undefined) return;
    const forced = env.faults.takeRejection(publication.listingUuid, publication.uuid);
    // No document names a rejection reason (G-13, x-rules): the missing fields reject in strict mode only.
    const missing = env.strict ? missingFields(listing) : [];
    if (forced !== undefined) {
      publication.status = 'REJECTED';
      publication.statusReason = forced;
    } else if (missing.length > 0) {
      publication.status = 'REJECTED';
      publication.statusReason = `The listing lacks ${missing.join(', ')}: add ${missing.length === 1 ? 'it' : 'them'} with PUT /v1/listings/${listing.uuid}, then republish.`;
    } else {
      publication.status = validation.requestedState;
      publication.statusReason = null;
      publication.adId ??= env.state.nextAdId();
    }
    publication.contentRevision = listing.revision;
    touchPublication(env, publication);
  }
}

/** Deleting a listing: every publication of it becomes `DELETED` and stops validating (G-14). */
export function cancelPublications(env: Env, listing: StoredListing): void {
  for (const publication of env.state.publications.values()) {
    if (publication.listingUuid !== listing.uuid || publication.status === 'DELETED') continue;
    env.validations.disarm(publication.uuid);
    publication.validation = null;
    publication.status = 'DELETED';
    publication.statusReason = null;
    touchPublication(env, publication);
  }
}

/** A publication as the publications endpoints answer it (G-13). */
export function publicationView(env: Env, publication: StoredPublication): Record<string, unknown> {
  const listing = env.state.listings.get(publication.listingUuid);
  const pendingChanges =
    publication.status !== 'DELETED' && listing !== undefined && listing.revision > publication.contentRevision;
  return {
    uuid: publication.uuid,
    listingUuid: publication.listingUuid,
    imprintUuid: publication.imprintUuid,
    status: publication.status,
    statusReason: publication.statusReason,
    location: publication.location === null ? null : { ...publication.location },
    createdAt: iso(publication.createdAt),
    updatedAt: iso(publication.updatedAt),
    pendingChanges,
    adId: publication.adId,
  };
}
