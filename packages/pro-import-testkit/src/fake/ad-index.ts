import type { StoredAd } from './types.js';

/** The fields a list can be ordered by. */
export type OrderField = 'created' | 'updated' | 'source_id';
export const ORDER_FIELDS: readonly OrderField[] = ['created', 'updated', 'source_id'];

/** One ordering per field, each ascending by (field, insertion order). */
type Orders = Record<OrderField, StoredAd[]>;
type DealerIndex = { all: Orders; byCategory: Map<number, Orders> };

const orders = (): Orders => ({ created: [], updated: [], source_id: [] });

/**
 * The stored ads kept sorted per dealer (and per dealer and category) for every field a list orders by, so a page
 * of a list is read without copying, filtering or sorting every ad. Ties keep the order in which ads were stored
 * (what a stable sort of the ad map gives, as before).
 */
export class AdIndex {
  private readonly seqs = new WeakMap<StoredAd, number>();
  private nextSeq = 0;
  private readonly dealers = new Map<string, DealerIndex>();

  /** The order in which `ad` was stored (ties of a list are in this order). */
  seq(ad: StoredAd): number {
    return this.seqs.get(ad) ?? 0;
  }

  /** Ordering by `field`, then by storing order. */
  compare(a: StoredAd, b: StoredAd, field: OrderField): number {
    const x = a[field];
    const y = b[field];
    if (x < y) return -1;
    if (x > y) return 1;
    return this.seq(a) - this.seq(b);
  }

  add(ad: StoredAd): void {
    this.seqs.set(ad, this.nextSeq++);
    for (const scope of this.scopesOf(ad, true)) for (const field of ORDER_FIELDS) this.insert(scope[field], ad, field);
  }

  /** Sets `ad.updated`, keeping the `updated` orderings sorted. */
  setUpdated(ad: StoredAd, at: number): void {
    if (ad.updated === at) return;
    const scopes = this.scopesOf(ad, true);
    for (const scope of scopes) this.remove(scope.updated, ad, 'updated');
    ad.updated = at;
    for (const scope of scopes) this.insert(scope.updated, ad, 'updated');
  }

  /** Sets `ad.category_id`, moving the ad to its new category's orderings. */
  setCategory(ad: StoredAd, category: number): void {
    if (ad.category_id === category) return;
    const [, before] = this.scopesOf(ad, true);
    if (before !== undefined) for (const field of ORDER_FIELDS) this.remove(before[field], ad, field);
    ad.category_id = category;
    const [, after] = this.scopesOf(ad, true);
    if (after !== undefined) for (const field of ORDER_FIELDS) this.insert(after[field], ad, field);
  }

  /** The ads of `dealer` (of `category` only, when given) ascending by `field` then storing order. */
  ordered(dealer: string, field: OrderField, category?: number): readonly StoredAd[] {
    const index = this.dealers.get(dealer);
    if (index === undefined) return [];
    const scope = category === undefined ? index.all : index.byCategory.get(category);
    return scope === undefined ? [] : scope[field];
  }

  private scopesOf(ad: StoredAd, create: boolean): Orders[] {
    let index = this.dealers.get(ad.dealer_code);
    if (index === undefined) {
      if (!create) return [];
      index = { all: orders(), byCategory: new Map() };
      this.dealers.set(ad.dealer_code, index);
    }
    let scope = index.byCategory.get(ad.category_id);
    if (scope === undefined) {
      scope = orders();
      index.byCategory.set(ad.category_id, scope);
    }
    return [index.all, scope];
  }

  /** The first position whose ad does not come before `ad`. */
  private position(list: readonly StoredAd[], ad: StoredAd, field: OrderField): number {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(list[middle] as StoredAd, ad, field) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private insert(list: StoredAd[], ad: StoredAd, field: OrderField): void {
    // Ads are mostly stored and touched in time order: appending is the usual case.
    const last = list[list.length - 1];
    if (last === undefined || this.compare(last, ad, field) < 0) list.push(ad);
    else list.splice(this.position(list, ad, field), 0, ad);
  }

  private remove(list: StoredAd[], ad: StoredAd, field: OrderField): void {
    const at = this.position(list, ad, field);
    if (list[at] === ad) list.splice(at, 1);
    else {
      const found = list.indexOf(ad);
      if (found >= 0) list.splice(found, 1);
    }
  }
}
