import { describe, expect, it } from 'vitest';
import { createAdFactory } from '../src/index.js';
import { BASE, useMswFake } from './helpers.js';

const { ctx, api } = useMswFake();
const factory = createAdFactory({ seed: 41 });
const ids = (reply: { body: { results: Array<{ source_id: string }> } }) =>
  reply.body.results.map((ad) => ad.source_id);

/** Three cars and a boat, one second apart, all processed; the boat deleted. */
async function fixture() {
  const make = async (type: string, source_id: string, overrides: Record<string, unknown> = {}) => {
    await api('POST', `/v4/${type}`, { body: factory.buildAd(type, { source_id, ...overrides }) });
    ctx.fake.clock.advance(1000);
  };
  await make('car', 'car-a', {
    category_fields: { registration_number: 'AAA111' },
    body: 'Red Volvo with tow bar',
  });
  await make('car', 'car-b', { category_fields: { registration_number: 'BBB222' }, body: 'Blue estate' });
  await make('car', 'CAR-C', {
    category_fields: { registration_number: 'CCC333' },
    body: 'Green',
    visible: false,
  });
  await make('boat', 'boat-a', { title: 'Snabb motorbåt', body: 'Fin båt' });
  ctx.fake.clock.runAll();
  await api('DELETE', '/v4/boat/boat-a');
  ctx.fake.clock.runAll();
}

describe('list filters', () => {
  it.each([
    ['source_id=car-a', ['car-a']],
    ['source_id__in=car-a,CAR-C,nope', ['CAR-C', 'car-a']],
    ['source_id__icontains=car-', ['CAR-C', 'car-b', 'car-a']],
    ['state=deleted', ['boat-a']],
    ['state=created', ['CAR-C', 'car-b', 'car-a']],
    ['category_id=1060', ['boat-a']],
    ['category_id__in=1060,1020', ['boat-a', 'CAR-C', 'car-b', 'car-a']],
    ['search=TOW%20BAR', ['car-a']],
    ['search=volvo', ['CAR-C', 'car-b', 'car-a']],
    ['search=motorbåt', ['boat-a']],
    ['registration_number=bbb222', ['car-b']],
    ['dealer_code=D1', ['boat-a', 'CAR-C', 'car-b', 'car-a']],
    ['dealer_code=D2', []],
    ['created__gte=2025-03-01 10:00:01', ['boat-a', 'CAR-C', 'car-b']],
    ['created__gt=2025-03-01 10:00:01', ['boat-a', 'CAR-C']],
    ['created__lt=2025-03-01 10:00:01', ['car-a']],
    ['created__lte=2025-03-01 10:00:01', ['car-b', 'car-a']],
    ['updated__gt=2025-03-01 10:00:30', []],
    ['ordering=created', ['car-a', 'car-b', 'CAR-C', 'boat-a']],
    ['ordering=-source_id', ['car-b', 'car-a', 'boat-a', 'CAR-C']],
    ['ordering=source_id', ['CAR-C', 'boat-a', 'car-a', 'car-b']],
  ])('%s', async (query, expected) => {
    await fixture();
    expect(ids(await api('GET', `/v4/ad?${query}`))).toEqual(expected);
  });

  it('id, blocket_ad_id and blocket_ad_id__in', async () => {
    await fixture();
    const a = (await api('GET', '/v4/car/car-a')).body;
    const b = (await api('GET', '/v4/car/car-b')).body;
    expect(ids(await api('GET', `/v4/ad?id=${a.id}`))).toEqual(['car-a']);
    expect(ids(await api('GET', `/v4/ad?blocket_ad_id=${b.blocket_ad_id}`))).toEqual(['car-b']);
    expect(ids(await api('GET', `/v4/ad?blocket_ad_id__in=${a.blocket_ad_id},${b.blocket_ad_id}`))).toEqual([
      'car-b',
      'car-a',
    ]);
  });

  it('updated__gte finds the ad touched last', async () => {
    await fixture();
    ctx.fake.clock.advance(60_000);
    await api('PATCH', '/v4/car/car-b', { body: { body: 'Edited' } });
    expect(ids(await api('GET', '/v4/ad?updated__gte=2025-03-01 10:01:00'))).toEqual(['car-b']);
  });

  it('unreadable filter values are DRF field errors', async () => {
    expect(await api('GET', '/v4/ad?created__gt=yesterday&category_id=car')).toMatchObject({
      status: 400,
      body: {
        created__gt: ['Enter a valid date/time (YYYY-MM-DD HH:MM:SS).'],
        category_id: ['Enter a whole number.'],
      },
    });
    expect((await api('GET', '/v4/ad?state=gone')).status).toBe(400);
  });

  it('a typed list only lists its category', async () => {
    await fixture();
    expect(ids(await api('GET', '/v4/boat'))).toEqual(['boat-a']);
    expect(ids(await api('GET', '/v4/car?ordering=created'))).toEqual(['car-a', 'car-b', 'CAR-C']);
    expect(ids(await api('GET', '/v4/motorcycle'))).toEqual([]);
  });
});

describe('pagination, fields, include', () => {
  it('limit/offset with absolute next and previous links', async () => {
    await fixture();
    const first = await api('GET', '/v4/ad?ordering=created&limit=2');
    expect(first.body).toMatchObject({
      count: 4,
      previous: null,
      next: `${BASE}/v4/ad?ordering=created&limit=2&offset=2`,
    });
    expect(ids(first)).toEqual(['car-a', 'car-b']);
    const second = await api('GET', first.body.next.slice(BASE.length));
    expect(second.body).toMatchObject({
      count: 4,
      next: null,
      previous: `${BASE}/v4/ad?ordering=created&limit=2`,
    });
    expect(ids(second)).toEqual(['CAR-C', 'boat-a']);
  });

  it('fields keeps only the named fields; include=log adds the log (lists carry none by default)', async () => {
    await fixture();
    const plain = await api('GET', '/v4/ad?source_id=car-a');
    expect(plain.body.results[0]?.log).toBeUndefined();
    const picked = await api('GET', '/v4/ad?source_id=car-a&fields=source_id,blocket_ad_id');
    expect(Object.keys(picked.body.results[0] ?? {})).toEqual(['source_id', 'blocket_ad_id']);
    const withLog = await api('GET', '/v4/ad?source_id=car-a&fields=source_id&include=log');
    expect(Object.keys(withLog.body.results[0] ?? {})).toEqual(['source_id', 'log']);
    expect(withLog.body.results[0]?.log).toHaveLength(6);
  });

  it('embedded logs hold the last 100 entries; /log has them all', async () => {
    const body = factory.buildAd('car');
    await api('POST', '/v4/car', { body });
    ctx.fake.clock.runAll();
    for (let i = 0; i < 20; i++) {
      await api('PATCH', `/v4/car/${body.source_id}`, { body: { category_fields: { mileage: i } } });
      ctx.fake.clock.runAll();
    }
    const ad = (await api('GET', `/v4/car/${body.source_id}`)).body;
    expect(ad.log).toHaveLength(100);
    const all = (await api('GET', `/v4/car/${body.source_id}/log?limit=1000`)).body;
    expect(all.count).toBe(126);
    expect(ad.log).toEqual(all.results.slice(-100));
  });
});

describe('log endpoint', () => {
  it('filters by action, state and request_id; orders by created or -created; paginates', async () => {
    const body = factory.buildAd('car', { image_urls: ['https://bad.invalid/x.jpg'] });
    await api('POST', '/v4/car', { body });
    ctx.fake.clock.runAll();
    await api('PATCH', `/v4/car/${body.source_id}`, { body: { image_urls: [] } });
    ctx.fake.clock.runAll();
    const path = `/v4/car/${body.source_id}/log`;
    const all = (await api('GET', path)).body;
    expect(all.count).toBe(12);
    const firstRequest = all.results[0]?.request_id;
    expect((await api('GET', `${path}?request_id=${firstRequest}`)).body.count).toBe(6);
    expect(
      (await api('GET', `${path}?action=handle_media`)).body.results.map((e: { state: string }) => e.state),
    ).toEqual(['processing', 'error', 'processing', 'done']);
    expect((await api('GET', `${path}?state=error`)).body.count).toBe(1);
    const newest = (await api('GET', `${path}?ordering=-created&limit=1`)).body;
    expect(newest.results[0]).toMatchObject({ action: 'publish', state: 'done' });
    expect(newest.next).toBe(`${BASE}${path}?ordering=-created&limit=1&offset=1`);
    expect((await api('GET', `${path}?action=explode`)).status).toBe(400);
  });
});
