import { Random } from '@x/fake-runtime';
import type { StoredImage, StoredImprint, StoredListing, StoredPublication, StoredTicket } from './types.js';

/** The first public ad id the fake hands out (ids look like the documents' `2671234567`). */
export const FIRST_AD_ID = 2_600_000_000;

/** The fake's mutable state. Every mutation happens synchronously, so concurrent requests cannot interleave. */
export class FakeState {
  imprints = new Map<string, StoredImprint>();
  listings = new Map<string, StoredListing>();
  tickets = new Map<string, StoredTicket>();
  images = new Map<string, StoredImage>();
  /** In creation order (a listing's publications are listed in that order). */
  publications = new Map<string, StoredPublication>();
  /** Each listing's publications in creation order, so listing them does not go through every publication. */
  private readonly publicationsByListing = new Map<string, StoredPublication[]>();
  counters = { adId: FIRST_AD_ID };
  random: Random;

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  /** Stores a publication (in `publications` and under its listing). */
  addPublication(publication: StoredPublication): void {
    this.publications.set(publication.uuid, publication);
    const own = this.publicationsByListing.get(publication.listingUuid);
    if (own === undefined) this.publicationsByListing.set(publication.listingUuid, [publication]);
    else own.push(publication);
  }

  /** The publications of one listing, in creation order. */
  publicationsOf(listingUuid: string): readonly StoredPublication[] {
    return this.publicationsByListing.get(listingUuid) ?? [];
  }

  uuid(): string {
    return this.random.uuid();
  }

  nextAdId(): string {
    this.counters.adId += 1;
    return String(this.counters.adId);
  }
}
