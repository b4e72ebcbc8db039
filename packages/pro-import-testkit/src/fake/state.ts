import { Random, type Clock } from '@x/fake-runtime';
import { AdIndex } from './ad-index.js';
import type { Faults } from './faults.js';
import type { AdminAd, ImageRef, Job, LogAction, LogState, StoredAd } from './types.js';
import type { JsonObject } from './json.js';

const encodeKeyPart = (part: string): string => part.replace(/[%/]/g, (c) => (c === '%' ? '%25' : '%2F'));

/** The fake's mutable state. Every mutation happens synchronously, so concurrent requests cannot interleave. */
export class FakeState {
  ads = new Map<string, StoredAd>();
  /** The ads sorted for lists (per dealer, per category, per ordering field); kept in step by `addAd` and its setters. */
  readonly index = new AdIndex();
  queues = new Map<string, Job[]>();
  /** checksum -> image reference, so the same URL is stored once. */
  media = new Map<string, ImageRef>();
  /** Legacy Blocket Admin ads, linked to the first API POST with the same licence plate. */
  adminAds: AdminAd[] = [];
  /** Dealers without bump permission on any marketplace (every dealer has it unless revoked). */
  bumpDenied = new Set<string>();
  counters = { blocketAdId: 100_000_000, offerId: 5_000_000, logSeq: 0 };
  random: Random;

  constructor(
    readonly clock: Clock,
    readonly faults: Faults,
    public latencyMs: number,
    seed: number,
  ) {
    this.random = new Random(seed);
  }

  /**
   * The map key of an ad: source_ids are unique per dealer. Both parts are kept apart (a JSON pair), so dealer
   * `D1/stock` with ad `123` and dealer `D1` with ad `stock/123` are two keys.
   */
  key(dealerCode: string, sourceId: string): string {
    return JSON.stringify([dealerCode, sourceId]);
  }

  /** Stores a new ad under `key` (also in the list index). */
  addAd(key: string, ad: StoredAd): void {
    this.ads.set(key, ad);
    this.index.add(ad);
  }

  /** The ad a key names, as a snapshot shows it (`D1/car-1`; a `/` or `%` inside either part is percent-encoded). */
  static snapshotKey(dealerCode: string, sourceId: string): string {
    return `${encodeKeyPart(dealerCode)}/${encodeKeyPart(sourceId)}`;
  }

  /** The dealer and source_id of a map key. */
  static parts(key: string): [dealerCode: string, sourceId: string] {
    return JSON.parse(key) as [string, string];
  }

  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  uuid(): string {
    return this.random.uuid();
  }

  nextBlocketAdId(): string {
    this.counters.blocketAdId += 1;
    return String(this.counters.blocketAdId);
  }

  nextOfferId(): string {
    this.counters.offerId += 1;
    return String(this.counters.offerId);
  }

  /** Licence plates compare without spaces and dashes, case-insensitively (`abc 123` is `ABC123`, also Q plates). */
  static plate(value: unknown): string {
    return typeof value === 'string' ? value.replace(/[\s-]/g, '').toUpperCase() : '';
  }

  /**
   * The legacy file-import migration: the first POST of a registered vehicle whose licence plate matches an
   * unlinked Blocket Admin ad of the same dealer takes that ad over (its blocket_ad_id) instead of creating one.
   */
  linkAdminAd(ad: StoredAd): AdminAd | undefined {
    const cf = ad.fields.category_fields;
    const plate = FakeState.plate(
      typeof cf === 'object' && cf !== null ? (cf as Record<string, unknown>).registration_number : undefined,
    );
    if (plate === '' || !ad.registered) return undefined;
    const match = this.adminAds.find(
      (a) =>
        a.linked_source_id === null &&
        a.dealer_code === ad.dealer_code &&
        FakeState.plate(a.registration_number) === plate,
    );
    if (match === undefined) return undefined;
    match.linked_source_id = ad.source_id;
    ad.blocket_ad_id = match.blocket_ad_id;
    return match;
  }

  log(
    ad: StoredAd,
    requestId: string,
    action: LogAction,
    state: LogState,
    message: string | JsonObject,
  ): void {
    this.counters.logSeq += 1;
    ad.log.push({
      request_id: requestId,
      created: this.nowIso(),
      action,
      state,
      external_message: message,
      seq: this.counters.logSeq,
    });
  }
}
