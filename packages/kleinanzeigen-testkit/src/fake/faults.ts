import { HttpFaults, type HttpFaultsConfig } from '@x/fake-runtime';

export type { FaultRate, FaultStatus, RequestMatcher, ScheduledFault } from '@x/fake-runtime';

/**
 * Force the next `times` (default 1) validations of matching publications to end `REJECTED` with `reason`, whatever
 * the listing holds. No `listingUuid`/`publicationUuid`: any publication.
 *
 * @example
 * fake.faults.rejectPublications({ listingUuid, reason: 'Prohibited item (fake moderation).' });
 */
export type RejectionRule = { listingUuid?: string; publicationUuid?: string; reason?: string; times?: number };

/**
 * The configured faults: HTTP faults and forced rejections (with the counts left).
 *
 * @example
 * const none: KleinanzeigenFaultsConfig = { scheduled: [], rate: null, rejections: [] };
 */
export type KleinanzeigenFaultsConfig = HttpFaultsConfig & { rejections: RejectionRule[] };

type StoredRule = RejectionRule & { remaining: number };

/**
 * The rejection reason when a rule gives none.
 *
 * @example
 * expect(publication.statusReason).toBe(FORCED_REASON);
 */
export const FORCED_REASON = 'Rejected by moderation (forced by the fake).';

/**
 * Fault injection of the Kleinanzeigen fake: HTTP failures and slowness before a request is handled (`HttpFaults` of
 * `@x/fake-runtime`; paths `/v1/...` for the goods API, `/v2/oidc/token`, `/__storage/...`), and forced publication
 * rejections.
 *
 * @example
 * fake.faults.schedule({ method: 'POST', path: '/v1/listings', status: 503 });
 * fake.faults.rejectPublications({ reason: 'Duplicate ad.', times: 2 });
 */
export class KleinanzeigenFaults extends HttpFaults {
  private rules: StoredRule[] = [];

  /** Adds a forced-rejection rule (see `RejectionRule`). */
  rejectPublications(rule: RejectionRule = {}): void {
    const times = rule.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new RangeError(`faults.rejectPublications: times must be an integer >= 1, got ${times}`);
    if (rule.reason !== undefined && (typeof rule.reason !== 'string' || rule.reason.trim() === ''))
      throw new TypeError('faults.rejectPublications: reason must be a non-empty string when given');
    this.rules.push({ ...rule, remaining: times });
  }

  override clear(): void {
    super.clear();
    this.rules = [];
  }

  override describe(): KleinanzeigenFaultsConfig {
    return { ...super.describe(), rejections: this.rules.map(({ remaining, ...rule }) => ({ ...rule, times: remaining })) };
  }

  /** Called when a validation ends: the forced reason, if this publication must be rejected. */
  takeRejection(listingUuid: string, publicationUuid: string): string | undefined {
    const index = this.rules.findIndex(
      (r) =>
        (r.listingUuid === undefined || r.listingUuid === listingUuid) &&
        (r.publicationUuid === undefined || r.publicationUuid === publicationUuid),
    );
    const rule = this.rules[index];
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(index, 1);
    return rule.reason ?? FORCED_REASON;
  }
}
