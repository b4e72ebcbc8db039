/**
 * One thing a tenant (a dealer, an account) stores in a fake, and about how many bytes it takes.
 *
 * @example
 * const item: QuotaItem = { tenant: 'D1', key: 'ad:car-1', bytes: estimateJsonBytes(ad) };
 */
export type QuotaItem = { tenant: string; key: string; bytes: number };

/**
 * Why `TenantQuota.admit` refused a write: what the tenant stores, the limit, and what the write would add.
 *
 * @example
 * const refusal: QuotaRefusal = { tenant: 'D1', used: 268_000_000, limit: 268_435_456, adding: 1_000_000 };
 */
export type QuotaRefusal = { tenant: string; used: number; limit: number; adding: number };

/**
 * The most one tenant may store in a fake by default: 256 MiB. The fake's own limit, not an API's: it keeps one
 * client from filling the memory of the fake's process and the state file every other client shares.
 *
 * @example
 * startFakeServer({ quotaBytes: 2 * DEFAULT_QUOTA_BYTES });
 */
export const DEFAULT_QUOTA_BYTES = 256 * 1024 * 1024;

/**
 * About how many bytes a value takes as JSON, without building the text: string lengths plus a few bytes per value
 * and key. Its cost is the number of values, not their size, so measuring a whole state of large strings is cheap.
 *
 * @example
 * estimateJsonBytes({ title: 'Volvo' }); // 18 (the text has 17 characters)
 */
export function estimateJsonBytes(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || typeof value !== 'object') return 8;
  let total = 2;
  if (Array.isArray(value)) {
    for (const item of value) total += estimateJsonBytes(item) + 1;
    return total;
  }
  for (const [key, item] of Object.entries(value)) total += key.length + 4 + estimateJsonBytes(item);
  return total;
}

/**
 * What each tenant stores in a fake, against a limit per tenant. The fake's HTTP handler asks `admit` before a write
 * and calls `record` after one succeeded; the sizes it records are what the requests sent, an estimate that may run
 * high (a partial update is counted as added). Before refusing, the quota measures the state again (`measure`: every
 * item the fake holds) when anything was recorded since it last did, so a refusal is always right; it measures
 * lazily the first time, so a state loaded at start counts, and again after `invalidate()` (call it whenever the
 * state is reset or replaced). A client that keeps writing past its limit is refused without measuring again.
 *
 * @example
 * const quota = new TenantQuota({ measure: () => fake.listAds().map(itemOf) });
 * const write = { tenant: 'D1', key: 'ad:car-1', bytes: body.length, mode: 'replace' } as const;
 * const refusal = quota.admit({ ...write, limitBytes: DEFAULT_QUOTA_BYTES });
 * if (refusal !== undefined) return json(413, { detail: quotaDetail(refusal, { who: 'dealer', flag: '--quota-mib' }) });
 * // ... store it, then:
 * quota.record(write);
 */
export class TenantQuota {
  private sizes: Map<string, { tenant: string; bytes: number }> | undefined;
  private totals = new Map<string, number>();
  /** Whether anything was recorded since the last measure (the totals are then an estimate, not a measure). */
  private dirty = false;

  constructor(private readonly options: { measure: () => Iterable<QuotaItem> }) {}

  /** About how many bytes `tenant` stores. */
  used(tenant: string): number {
    this.ensure();
    return this.totals.get(tenant) ?? 0;
  }

  /** The tenant an item belongs to (a presigned upload's ticket), or `undefined` when no item has that key. */
  tenantOf(key: string): string | undefined {
    this.ensure();
    const known = this.sizes?.get(key)?.tenant;
    if (known !== undefined || !this.dirty) return known;
    this.measure();
    return this.sizes?.get(key)?.tenant;
  }

  /**
   * Whether `tenant` may store `bytes` more under `key` within `limitBytes`: `replace` (the item's old size is given
   * back) or `add` (a partial update: added to it). Answers `undefined`, or the refusal, measured exactly.
   */
  admit(request: { tenant: string; key: string; bytes: number; mode: 'replace' | 'add'; limitBytes: number }): QuotaRefusal | undefined {
    const { tenant, key, bytes, mode, limitBytes } = request;
    this.ensure();
    let after = this.after(tenant, key, bytes, mode);
    if (after <= limitBytes) return undefined;
    if (this.dirty) {
      this.measure();
      after = this.after(tenant, key, bytes, mode);
      if (after <= limitBytes) return undefined;
    }
    return { tenant, used: after - bytes, limit: limitBytes, adding: bytes };
  }

  /** Records a write that succeeded (as `admit` was asked about it). */
  record(request: { tenant: string; key: string; bytes: number; mode: 'replace' | 'add' }): void {
    const { tenant, key, bytes, mode } = request;
    this.ensure();
    const sizes = this.sizes as Map<string, { tenant: string; bytes: number }>;
    const before = sizes.get(key);
    const size = mode === 'add' ? (before?.bytes ?? 0) + bytes : bytes;
    if (before !== undefined) this.totals.set(before.tenant, (this.totals.get(before.tenant) ?? 0) - before.bytes);
    sizes.set(key, { tenant, bytes: size });
    this.totals.set(tenant, (this.totals.get(tenant) ?? 0) + size);
    this.dirty = true;
  }

  /** Forgets what was counted: the next question measures the state again. */
  invalidate(): void {
    this.sizes = undefined;
    this.totals = new Map();
    this.dirty = false;
  }

  private after(tenant: string, key: string, bytes: number, mode: 'replace' | 'add'): number {
    const before = this.sizes?.get(key);
    const replaced = mode === 'replace' && before?.tenant === tenant ? before.bytes : 0;
    return (this.totals.get(tenant) ?? 0) - replaced + bytes;
  }

  private ensure(): void {
    if (this.sizes === undefined) this.measure();
  }

  private measure(): void {
    const sizes = new Map<string, { tenant: string; bytes: number }>();
    const totals = new Map<string, number>();
    for (const item of this.options.measure()) {
      const before = sizes.get(item.key);
      if (before !== undefined) totals.set(before.tenant, (totals.get(before.tenant) ?? 0) - before.bytes);
      sizes.set(item.key, { tenant: item.tenant, bytes: item.bytes });
      totals.set(item.tenant, (totals.get(item.tenant) ?? 0) + item.bytes);
    }
    this.sizes = sizes;
    this.totals = totals;
    this.dirty = false;
  }
}

/** The quota of each fake instance (both faces of one fake count together). */
const QUOTAS = new WeakMap<object, TenantQuota>();

/**
 * The quota of one fake, made on first use with `measure` (every item the fake stores). A test that calls
 * `fake.reset()` or `fake.load()` replaces the whole state in code, past the HTTP faces, so this wraps those two
 * methods of the instance: the quota measures again after either, instead of counting what is gone.
 *
 * @example
 * const quota = quotaOf(fake, () => fake.snapshot().ads.map((ad) => ({ tenant: ad.dealer_code, key: ad.id, bytes: estimateJsonBytes(ad) })));
 */
export function quotaOf<F extends { reset(): void; load(snapshot: never): void }>(fake: F, measure: () => Iterable<QuotaItem>): TenantQuota {
  const known = QUOTAS.get(fake);
  if (known !== undefined) return known;
  const quota = new TenantQuota({ measure });
  QUOTAS.set(fake, quota);
  const reset = fake.reset.bind(fake);
  const load = fake.load.bind(fake) as (snapshot: unknown) => void;
  fake.reset = () => {
    quota.invalidate();
    reset();
  };
  fake.load = ((snapshot: unknown) => {
    quota.invalidate();
    load(snapshot);
  }) as F['load'];
  return quota;
}

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`;
}

/**
 * The message of a quota refusal: that it is the fake's own limit (not the API's), the figures, and what to do.
 *
 * @example
 * quotaDetail({ tenant: 'D1', used: 268_000_000, limit: 268_435_456, adding: 1_000_000 }, { who: 'dealer', flag: '--quota-mib' });
 * // 'The fake's own storage limit, not the API's: dealer D1 stores 255.6 MiB of the 256.0 MiB ...'
 */
export function quotaDetail(refusal: QuotaRefusal, options: { who: string; flag: string }): string {
  return `The fake's own storage limit, not the API's: ${options.who} ${refusal.tenant} stores ${size(refusal.used)} of the ${size(refusal.limit)} one ${options.who} may store in this fake, and this request adds ${size(refusal.adding)}. Nothing was stored. Reset the fake (POST /__fake/reset) or start it with a larger ${options.flag}.`;
}
