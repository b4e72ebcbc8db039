import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProImportClient } from '@x/pro-import-client';
import { startFakeServer, type RunningFakeServer } from '@x/pro-import-testkit/server';
import { plan, proImportCurrent, proImportModel, type CurrentAd, type JsonObject } from '../src/index.js';
import { feedAds } from './helpers.js';

const model = proImportModel();
let running: RunningFakeServer;
let dealers = 0;
beforeAll(async () => {
  running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
});
afterAll(() => running.close());

/** What the fake stores for these feed ads (created over HTTP by the real client, processed), as the model reads it. */
async function stored(ads: Array<Record<string, unknown>>): Promise<CurrentAd[]> {
  dealers += 1;
  const dealer = `P${dealers}`;
  const client = createProImportClient({ token: running.fake.token({ scope: 'dealer_code', dealer_code: dealer }), baseUrl: running.baseUrl });
  for (const ad of ads) {
    const { vehicle_type: type, ...body } = ad;
    await (client as unknown as Record<string, { create(b: unknown): Promise<unknown> }>)[String(type)]!.create(body);
  }
  running.fake.flush();
  const page = (await client.ads.list({ limit: 1000 })) as { results: JsonObject[] };
  return page.results.map((a) => proImportCurrent(a) as CurrentAd);
}

describe('plan: compared as the server stores ads', async () => {
  it('an unchanged feed plans nothing: generated titles, image_refs and defaults are not differences', async () => {
    const ads = feedAds(6);
    const current = await stored(ads);
    expect(current.find((c) => c.type === 'car')).toBeDefined();
    const result = plan(ads, current, { model });
    expect(result.summary).toEqual({ create: 0, update: 0, delete: 0, retry: 0, unchanged: 6, kept: 0, blocked: 0, live: 6 });
  });

  it('price order, trimmed text and nulls inside category_fields are not differences', async () => {
    const [car] = feedAds(1);
    const current = await stored([{ ...car!, price: [{ type: 'leasing', amount: 3000, currency: 'SEK' }, { type: 'list', amount: 5, currency: 'SEK' }] }]);
    const same = { ...car!, body: `  ${String(car!.body)}  `, price: [{ type: 'list', amount: 5, currency: 'SEK' }, { type: 'leasing', amount: 3000, currency: 'SEK' }], category_fields: { ...(car!.category_fields as object), max_tow_weight: null } };
    const result = plan([same], current, { model });
    expect(result.entries[0]?.action).toBe('unchanged');
  });

  it('field-level diff and a merge patch: only what changed, a removed category field cleared with null', async () => {
    const [car] = feedAds(1);
    const current = await stored([car!]);
    const { mileage: _m, ...fields } = car!.category_fields as Record<string, unknown>;
    const changed = { ...car!, price: [{ type: 'list', amount: 1, currency: 'SEK' }], image_urls: ['https://cdn.example.com/new.jpg'], category_fields: { ...fields, color: 'red' } };
    const [entry] = plan([changed], current, { model }).entries;
    expect(entry?.action).toBe('update');
    expect(entry?.changes?.map((c) => c.path)).toEqual(['category_fields.color', 'category_fields.mileage', 'images', 'price']);
    expect(entry?.patch).toEqual({
      category_fields: { color: 'red', mileage: null },
      image_urls: ['https://cdn.example.com/new.jpg'],
      price: [{ type: 'list', amount: 1, currency: 'SEK' }],
    });
  });

  it('a title on a car is refused by a documented rule: blocked with the errors; an unknown brand only warns', async () => {
    const [car, other] = feedAds(2);
    const withTitle = { ...car!, title: 'Fin bil' };
    const porsche = { ...other!, category_fields: { ...(other!.category_fields as object), brand: 'porsche-unknown', model: '911' } };
    const result = plan([withTitle, porsche], [], { model });
    expect(result.entries[0]?.action).toBe('blocked');
    expect(result.entries[0]?.blocked?.reason).toMatch(/^the create body breaks a documented rule \(title: /);
    expect(result.entries[0]?.blocked?.errors?.[0]?.path).toBe('title');
    expect(result.entries[1]?.action).toBe('create');
    expect(result.entries[1]?.warnings?.join(' ')).toMatch(/category_fields.brand/);
  });

  it('the same source_id twice in the feed blocks it, naming both lines', async () => {
    const [car] = feedAds(1);
    const result = plan([car, car], [], { model });
    expect(result.entries.map((e) => e.action)).toEqual(['blocked', 'blocked']);
    expect(result.entries[0]?.blocked?.reason).toBe(`source_id "${car!.source_id}" is in the feed twice (lines 1 and 2)`);
  });

  it('a vehicle type that changed is blocked with what to do', async () => {
    const [car] = feedAds(1);
    const current = await stored([car!]);
    const boat = { ...feedAds(3)[2]!, source_id: car!.source_id };
    const [entry] = plan([boat], current, { model }).entries;
    expect(entry?.action).toBe('blocked');
    expect(entry?.blocked?.todo).toMatch(/delete that ad and create this one with a new source_id/);
  });

  it('deletions need deleteMissing and stay within maxDelete', async () => {
    const ads = feedAds(10);
    const current = await stored(ads);
    expect(plan(ads.slice(0, 8), current, { model }).summary.delete).toBe(0);
    expect(plan(ads.slice(0, 8), current, { model, deleteMissing: true }).refused).toBeUndefined();
    expect(plan(ads.slice(0, 7), current, { model, deleteMissing: true }).refused).toMatch(/more than the limit of 2/);
    expect(plan(ads.slice(0, 7), current, { model, deleteMissing: true, maxDelete: 3 }).refused).toBeUndefined();
    expect(plan([], current, { model, deleteMissing: true, maxDelete: '100%' }).refused).toMatch(/the feed is empty/);
    expect(plan([], current, { model, deleteMissing: true, force: true }).summary.delete).toBe(10);
  });
});
