import { describe, expect, it } from 'vitest';
import { createAdFactory } from '../src/index.js';
import { useMswFake } from './helpers.js';

// Lists are served from per-dealer, per-category, per-field orderings instead of sorting every ad per request. This
// checks them against the plain definition (every visible ad filtered, stably sorted in storing order, then sliced)
// after a random history of creates, updates (which move `updated`), V3 conversions (which move the category),
// deletes and time steps, with many ads sharing the same millisecond.
const { ctx, api } = useMswFake();
const factory = createAdFactory({ seed: 5 });

type Ad = { source_id: string; dealer_code: string; category_id: number; state: string; created: string; updated: string };
type Page = { count: number; next: string | null; previous: string | null; results: Ad[] };

/** The list by definition, from every stored ad in storing order (what `fake.listAds()` gives). */
function expected(all: Ad[], options: { dealers: string[]; category?: number; ordering: string; filter?: (ad: Ad) => boolean; limit: number; offset: number }): { count: number; ids: string[] } {
  const fields: Record<string, (ad: Ad) => number | string> = { created: (ad) => Date.parse(ad.created), updated: (ad) => Date.parse(ad.updated), source_id: (ad) => ad.source_id };
  const terms = options.ordering
    .split(',')
    .map((term) => ({ descending: term.startsWith('-'), key: fields[term.replace(/^-/, '')] }))
    .filter((term): term is { descending: boolean; key: (ad: Ad) => number | string } => term.key !== undefined);
  const chosen = terms.length > 0 ? terms : [{ descending: true, key: fields['created'] as (ad: Ad) => number }];
  const mine = all.filter((ad) => options.dealers.includes(ad.dealer_code) && (options.category === undefined || ad.category_id === options.category) && (options.filter?.(ad) ?? true));
  const sorted = [...mine].sort((a, b) => {
    for (const { key, descending } of chosen) {
      const [x, y] = [key(a), key(b)];
      if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1);
    }
    return 0;
  });
  return { count: sorted.length, ids: sorted.slice(options.offset, options.offset + options.limit).map((ad) => ad.source_id) };
}

describe('lists served from the index', () => {
  it('answer what sorting and filtering every ad answers, for every ordering, page and scope', async () => {
    let state = 11;
    const random = (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return Math.floor((state / 2147483648) * n);
    };
    const types = ['car', 'boat', 'truck'];
    const created: Array<{ type: string; dealer: string; id: string }> = [];
    for (let i = 0; i < 160; i += 1) {
      const step = random(10);
      if (step < 6 || created.length === 0) {
        const type = types[random(types.length)] as string;
        const dealer = random(2) === 0 ? 'D1' : 'D2';
        const id = `ad-${random(1000)}-${i}`;
        const reply = await api('POST', `/v4/${type}`, { body: factory.buildAd(type, { source_id: id, dealer_code: dealer }), token: ctx.group });
        expect(reply.status).toBe(201);
        created.push({ type, dealer, id });
      } else if (step < 8) {
        const ad = created[random(created.length)] as { type: string; dealer: string; id: string };
        await api('PATCH', `/v4/${ad.type}/${ad.id}`, { body: { body: `edit ${i}` }, token: ad.dealer === 'D1' ? ctx.d1 : ctx.d2 });
      } else if (step < 9) {
        const ad = created[random(created.length)] as { type: string; dealer: string; id: string };
        await api('DELETE', `/v4/ad/${ad.id}`, { token: ad.dealer === 'D1' ? ctx.d1 : ctx.d2 });
      } else {
        ctx.fake.clock.advance(random(3) * 700);
      }
      if (i === 60) {
        // V3 ads of a category a typed endpoint converts on update: their category and `updated` move.
        for (let k = 0; k < 5; k += 1) ctx.fake.seedV3Ad({ category_id: 1020, source_id: `v3-${k}`, dealer_code: k % 2 === 0 ? 'D1' : 'D2' });
        await api('PATCH', '/v4/car/v3-0', { body: { body: 'converted' }, token: ctx.d1 });
        await api('PATCH', '/v4/car/v3-1', { body: { body: 'converted' }, token: ctx.d2 });
      }
    }
    ctx.fake.clock.advance(2500);
    const all = ctx.fake.listAds() as unknown as Ad[];
    const scopes = [
      { token: ctx.d1, dealers: ['D1'] },
      { token: ctx.group, dealers: ['D1', 'D2'] },
    ];
    const orderings = ['', '-created', 'created', 'updated', '-updated', 'source_id', '-source_id', 'updated,-source_id', '-created,source_id', 'nonsense', 'nonsense,updated'];
    let compared = 0;
    for (const scope of scopes) {
      for (const [path, category] of [['/v4/ad', undefined], ['/v4/car', 1020], ['/v4/boat', 1060], ['/v3/ad', undefined]] as const) {
        for (const ordering of orderings) {
          for (const [limit, offset] of [[10, 0], [7, 13], [1000, 0], [5, 200]] as const) {
            for (const filtered of [false, true]) {
              const query = `limit=${limit}&offset=${offset}${ordering === '' ? '' : `&ordering=${ordering}`}${filtered ? '&state=created' : ''}`;
              const reply = await api('GET', `${path}?${query}`, { token: scope.token });
              const body = reply.body as unknown as Page;
              const want = expected(all, { dealers: scope.dealers, ...(category === undefined ? {} : { category }), ordering, limit, offset, ...(filtered ? { filter: (ad: Ad) => ad.state === 'created' } : {}) });
              expect({ query: `${path}?${query}`, count: body.count, ids: body.results.map((ad) => ad.source_id) }).toEqual({ query: `${path}?${query}`, ...want });
              expect(body.next !== null).toBe(offset + limit < want.count);
              compared += 1;
            }
          }
        }
      }
    }
    expect(compared).toBe(2 * 4 * orderings.length * 4 * 2);
    expect(all.length).toBeGreaterThan(90);
  });
});
