import { HttpFaults, parseInput, type HttpFaultsConfig } from '@x/fake-runtime';
import { z } from 'zod';

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

/** The shape of a `RejectionRule` (also the body of `POST /__fake/faults/rejections`). */
export const RejectionRuleSchema = z
  .object({
    listingUuid: z.string().min(1).optional(),
    publicationUuid: z.string().min(1).optional(),
    reason: z.string().trim().min(1).optional(),
    times: z.int().min(1).optional(),
  })
  .strict();

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
    const checked = parseInput(RejectionRuleSchema, rule, 'faults.rejectPublications') as RejectionRule;
    this.rules.push({ ...checked, remaining: checked.times ?? 1 });
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
