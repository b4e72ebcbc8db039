import { RESOURCES } from '../generated/resources.gen.js';
import type { ProImportFake } from './fake.js';

/**
 * Seeds dealer D1 with one V3 ad per legacy category (source_id `v3-<category>`), for migration scenarios: the
 * categories of types that need migration, and those that convert on PUT/PATCH. Existing source_ids are skipped.
 *
 * @example
 * seedDemoV3Ads(fake); // v3-1062 (boat), v3-1221 (bus/truck), v3-1020 (car), ...
 */
export function seedDemoV3Ads(fake: ProImportFake, dealerCode = 'D1'): string[] {
  const categories = [...new Set(Object.values(RESOURCES).flatMap((facts) => facts.legacyCategoryIds))].sort(
    (a, b) => a - b,
  );
  const seeded: string[] = [];
  for (const category of categories) {
    const sourceId = `v3-${category}`;
    if (fake.getAd(dealerCode, sourceId) !== undefined) continue;
    fake.seedV3Ad({ category_id: category, source_id: sourceId, dealer_code: dealerCode });
    seeded.push(sourceId);
  }
  return seeded;
}
