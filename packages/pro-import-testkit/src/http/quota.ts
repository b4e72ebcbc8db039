import { estimateJsonBytes, isRecord, quotaOf, type TenantQuota } from '@x/fake-runtime';
import type { ProImportFake } from '../fake/fake.js';
import type { Principal } from '../fake/tokens.js';

const keyOf = (dealer: string, sourceId: string) => JSON.stringify([dealer, sourceId]);

/**
 * The storage quota of a fake's dealers (`HandlerOptions.quotaBytes`): measured from the stored ads (a snapshot) the
 * first time and whenever a refusal is due, kept up to date by the writes in between.
 */
export function dealerQuota(fake: ProImportFake): TenantQuota {
  return quotaOf(fake, () =>
    fake.snapshot().ads.map((ad) => ({ tenant: ad.dealer_code, key: keyOf(ad.dealer_code, ad.source_id), bytes: estimateJsonBytes(ad) })),
  );
}

/** A write that stores an ad: for which dealer, which ad, and whether it replaces the ad's fields or adds to them. */
export type PlannedWrite = { tenant: string; key: string; bytes: number; mode: 'replace' | 'add' };

/**
 * The ad a request would store and for whom, or `undefined` for a request that stores none (a read, a validation)
 * or that the fake refuses anyway (no dealer of the caller's, an ad that is not the caller's).
 */
export function plannedWrite(
  fake: ProImportFake,
  request: { methodName: string; params: Record<string, string>; principal: Principal; body: unknown; bytes: number },
): PlannedWrite | undefined {
  const { methodName, params, principal, body, bytes } = request;
  if (methodName === 'create') {
    if (!isRecord(body) || typeof body.source_id !== 'string') return undefined;
    const given = body.dealer_code;
    const dealer =
      typeof given === 'string' && given !== ''
        ? given
        : principal.scope === 'dealer_code'
          ? principal.dealerCodes[0]
          : undefined;
    if (dealer === undefined || !principal.dealerCodes.includes(dealer)) return undefined;
    return { tenant: dealer, key: keyOf(dealer, body.source_id), bytes, mode: 'replace' };
  }
  if (methodName !== 'update' && methodName !== 'patch' && methodName !== 'migrate') return undefined;
  const sourceId = params.source_id ?? '';
  const dealer = principal.dealerCodes.find((code) => fake.getAd(code, sourceId) !== undefined);
  if (dealer === undefined) return undefined;
  return { tenant: dealer, key: keyOf(dealer, sourceId), bytes, mode: methodName === 'patch' ? 'add' : 'replace' };
}
