import { afterEach, describe, expect, it } from 'vitest';
import { createProImportClient, formatApiDate } from '../src/index.js';
import { serializeQuery } from '../src/runtime/dates.js';
import { carExample, startFakeApi, type FakeOptions } from './fake-api.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function withAds(count: number, options: FakeOptions = {}) {
  const fake = await startFakeApi(options);
  close = fake.close;
  const client = createProImportClient({ token: 't', baseUrl: fake.url, retry: false });
  for (let i = 0; i < count; i += 1) await client.car.create({ ...carExample(), source_id: `car-${i}` });
  fake.requests.length = 0;
  return { fake, client };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('iterate', () => {
  it('walks every page by following next', async () => {
    const { client, fake } = await withAds(5);
    const ads = await collect(client.car.iterate({ limit: 2 }));
    expect(ads.map((a) => a.source_id)).toEqual(['car-0', 'car-1', 'car-2', 'car-3', 'car-4']);
    expect(fake.requests.map((r) => r.query)).toEqual([
      { limit: '2' },
      { limit: '2', offset: '2' },
      { limit: '2', offset: '4' },
    ]);
  });

  it('rebuilds the next page from offset/limit when next points elsewhere (never sends the token there)', async () => {
    const { client, fake } = await withAds(3, { nextOrigin: 'https://elsewhere.example', pageSize: 2 });
    const ads = await collect(client.ads.iterate({ source_id__icontains: 'car' }));
    expect(ads).toHaveLength(3);
    expect(fake.requests.map((r) => r.url)).toEqual([
      '/pro-import-api/v4/ad?source_id__icontains=car',
      '/pro-import-api/v4/ad?source_id__icontains=car&limit=2&offset=2',
    ]);
  });

  it('fetches a page only when the previous one is used up', async () => {
    const { client, fake } = await withAds(4);
    for await (const ad of client.car.iterate({ limit: 2 })) {
      expect(ad.source_id).toBe('car-0');
      break;
    }
    expect(fake.requests).toHaveLength(1);
  });

  it('iterates a log across pages', async () => {
    const { client } = await withAds(1);
    const entries = await collect(client.ads.iterateLog('car-0', { limit: 1 }));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => typeof e.request_id === 'string')).toBe(true);
  });
});

describe('filters', () => {
  it('sends dates as YYYY-MM-DD HH:MM:SS in UTC and lists comma separated', async () => {
    const { client, fake } = await withAds(0);
    await client.ads.list({
      created__gte: new Date('2026-01-31T23:05:09.999+01:00'),
      source_id__in: ['a', 'b'],
      updated__lt: '2026-02-01 00:00:00',
    });
    expect(fake.requests[0]?.query).toEqual({
      created__gte: '2026-01-31 22:05:09',
      source_id__in: 'a,b',
      updated__lt: '2026-02-01 00:00:00',
    });
  });

  it.each([
    [new Date('2026-07-04T00:00:00Z'), '2026-07-04 00:00:00'],
    [new Date(Date.UTC(1999, 11, 31, 23, 59, 59)), '1999-12-31 23:59:59'],
  ])('formatApiDate(%s)', (date, expected) => {
    expect(formatApiDate(date)).toBe(expected);
  });

  it('rejects values a query cannot carry', () => {
    expect(() => formatApiDate(new Date('nope'))).toThrow(/invalid Date/);
    expect(() => serializeQuery({ x: { a: 1 } })).toThrow('query parameter "x" must be a string, number, boolean, Date or array, got object');
    expect(serializeQuery({ a: undefined, b: 0, c: false })).toEqual({ b: 0, c: false });
  });
});
