import type { Clock } from './clock.js';
import type { Faults } from './faults.js';
import { Random } from './random.js';
import type { ImageRef, Job, LogAction, LogState, StoredAd } from './types.js';
import type { JsonObject } from './json.js';

/** The fake's mutable state. Every mutation happens synchronously, so concurrent requests cannot interleave. */
export class FakeState {
  ads = new Map<string, StoredAd>();
  queues = new Map<string, Job[]>();
  /** checksum -> image reference, so the same URL is stored once. */
  media = new Map<string, ImageRef>();
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

  /** The map key of an ad: source_ids are unique per dealer. */
  key(dealerCode: string, sourceId: string): string {
    return `${dealerCode}/${sourceId}`;
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

  log(ad: StoredAd, requestId: string, action: LogAction, state: LogState, message: string | JsonObject): void {
    this.counters.logSeq += 1;
    ad.log.push({ request_id: requestId, created: this.nowIso(), action, state, external_message: message, seq: this.counters.logSeq });
  }
}
