import { describe, expect, it } from 'vitest';
import { estimateJsonBytes, quotaDetail, TenantQuota, type QuotaItem } from '../src/index.js';

describe('estimateJsonBytes', () => {
  it('counts string lengths and a few bytes per value, without building the text', () => {
    expect(estimateJsonBytes('abc')).toBe(5);
    expect(estimateJsonBytes({ title: 'Volvo' })).toBe(18); // JSON.stringify gives 17 characters
    const big = 'x'.repeat(1 << 20);
    expect(estimateJsonBytes({ ads: [{ body: big }, { body: big }] })).toBeGreaterThan(2 << 20);
  });
});

describe('TenantQuota', () => {
  /** A fake's stored items, which the quota measures when it must. */
  function setUp(items: QuotaItem[]) {
    let measures = 0;
    const quota = new TenantQuota({
      measure: () => {
        measures += 1;
        return items;
      },
    });
    return { quota, items, measures: () => measures };
  }
  const limitBytes = 100;

  it('measures lazily once, then counts the writes it is told about, per tenant', () => {
    const { quota, measures } = setUp([{ tenant: 'D1', key: 'a', bytes: 60 }]);
    expect(measures()).toBe(0);
    expect(quota.admit({ tenant: 'D1', key: 'b', bytes: 30, mode: 'replace', limitBytes })).toBeUndefined();
    expect(measures()).toBe(1);
    quota.record({ tenant: 'D1', key: 'b', bytes: 30, mode: 'replace' });
    expect(quota.used('D1')).toBe(90);
    expect(quota.admit({ tenant: 'D2', key: 'c', bytes: 100, mode: 'replace', limitBytes })).toBeUndefined();
    expect(quota.admit({ tenant: 'D1', key: 'b', bytes: 40, mode: 'replace', limitBytes })).toBeUndefined(); // replaces 30
    expect(quota.tenantOf('b')).toBe('D1');
  });

  it('measures again before refusing when writes were counted since (an estimate may run high), then refuses without measuring', () => {
    const { quota, items, measures } = setUp([{ tenant: 'D1', key: 'a', bytes: 60 }]);
    quota.record({ tenant: 'D1', key: 'a', bytes: 30, mode: 'add' }); // counted as 90; the fake really holds 60
    expect(quota.admit({ tenant: 'D1', key: 'b', bytes: 30, mode: 'replace', limitBytes })).toBeUndefined();
    expect(measures()).toBe(2);
    items.push({ tenant: 'D1', key: 'b', bytes: 30 });
    quota.record({ tenant: 'D1', key: 'b', bytes: 30, mode: 'replace' });
    expect(quota.admit({ tenant: 'D1', key: 'c', bytes: 20, mode: 'replace', limitBytes })).toEqual({ tenant: 'D1', used: 90, limit: 100, adding: 20 });
    expect(measures()).toBe(3);
    expect(quota.admit({ tenant: 'D1', key: 'c', bytes: 20, mode: 'replace', limitBytes })).toBeDefined();
    expect(measures()).toBe(3); // nothing changed since: the refusal stands
  });

  it('invalidate() forgets the counts: a reset state is measured again', () => {
    const { quota, items } = setUp([{ tenant: 'D1', key: 'a', bytes: 90 }]);
    expect(quota.admit({ tenant: 'D1', key: 'b', bytes: 20, mode: 'replace', limitBytes })).toBeDefined();
    items.length = 0;
    quota.invalidate();
    expect(quota.admit({ tenant: 'D1', key: 'b', bytes: 20, mode: 'replace', limitBytes })).toBeUndefined();
  });

  it('says it is the fake\'s own limit, with the figures and what to do', () => {
    expect(quotaDetail({ tenant: 'D1', used: 268_000_000, limit: 268_435_456, adding: 1_048_576 }, { who: 'dealer', flag: '--quota-mib' })).toBe(
      "The fake's own storage limit, not the API's: dealer D1 stores 255.6 MiB of the 256.0 MiB one dealer may store in this fake, and this request adds 1.0 MiB. Nothing was stored. Reset the fake (POST /__fake/reset) or start it with a larger --quota-mib.",
    );
  });
});
