import { join } from 'node:path';
import { createAdFactory, VEHICLE_TYPES } from '@x/pro-import-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, settled, startEnv, stopEnv, tally, writeNdjson, type Ad, type Env } from './helpers.js';

// Issue 17: one ad of every vehicle type of the snapshot, over HTTP against the fake, through the CLI. A second run
// after the dealer's phone, the price, the body and one category field changed on each converges (every change
// stored, every ad published); a third run sends nothing. Before merge-patch updates, the boat's phone change failed
// ("contact.email: This field is required.") on every type that has a contact.
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The ad with one category field changed: the first number (a year, a count) one up, or the first text altered. */
function withCategoryChange(fields: Json): { fields: Json; key: string } {
  const numeric = Object.keys(fields).find((k) => typeof fields[k] === 'number');
  if (numeric !== undefined) return { fields: { ...fields, [numeric]: (fields[numeric] as number) - 1 }, key: numeric };
  const text = Object.keys(fields).find((k) => typeof fields[k] === 'string' && k !== 'brand') as string;
  return { fields: { ...fields, [text]: `${String(fields[text])} II` }, key: text };
}

describe('one ad of every vehicle type, three syncs over HTTP', () => {
  let env: Env;
  let ads: Ad[];
  let changed: Ad[];
  beforeAll(async () => {
    env = await startEnv();
    const factory = createAdFactory({ seed: 18 });
    ads = VEHICLE_TYPES.map((type) => ({ vehicle_type: type, ...factory.buildAd(type) }) as Ad);
    changed = ads.map((ad) => {
      const { fields } = withCategoryChange(ad.category_fields as Json);
      return {
        ...ad,
        body: `${String(ad.body)} Ny kontakt och nytt pris.`,
        price: [{ type: 'list', amount: 99_000, currency: 'SEK' }],
        category_fields: fields,
        ...(isObject(ad.contact) ? { contact: { ...ad.contact, phone: '0701112233' } } : {}),
      };
    });
  });
  afterAll(() => stopEnv(env));

  it('the first sync creates one ad of each of the 16 types', async () => {
    expect(ads).toHaveLength(16);
    const run = await runCli(env, ['--feed', writeNdjson(join(env.dir, 'feed.ndjson'), ads)]);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    settled(env);
    expect(env.running.fake.listAds().filter((a) => a.state === 'created' && a.blocket_ad_id !== null)).toHaveLength(16);
  });

  it('after phone, price, body and a category field change on each, the second sync converges on every type', async () => {
    env.proxy.reset();
    const run = await runCli(env, ['--feed', writeNdjson(join(env.dir, 'feed.ndjson'), changed)]);
    expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: [] });
    const t = tally(env.proxy.requests);
    // One PATCH per ad: what changed, nested objects partial (the phone without the rest of the contact).
    expect(VEHICLE_TYPES.map((type) => t[`PATCH /v4/${type}/*`] ?? 0)).toEqual(VEHICLE_TYPES.map(() => 1));
    settled(env);
    for (const ad of changed) {
      const stored = env.running.fake.getAd('D1', ad.source_id) as Json;
      expect(stored, ad.vehicle_type).toMatchObject({
        state: 'created',
        body: ad.body,
        price: ad.price,
        category_fields: ad.category_fields,
        ...(isObject(ad.contact) ? { contact: ad.contact } : {}),
      });
      const log = stored.log as Array<{ action: string; state: string }>;
      expect(log.some((e) => e.state === 'error'), ad.vehicle_type).toBe(false);
      expect(`${log.at(-1)?.action}:${log.at(-1)?.state}`, ad.vehicle_type).toBe('publish:done');
    }
  });

  it('a third sync sends nothing but the list page', async () => {
    env.proxy.reset();
    const run = await runCli(env, ['--feed', join(env.dir, 'feed.ndjson')]);
    expect(run.code).toBe(0);
    expect(env.proxy.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /pro-import-api/v4/ad']);
    expect(run.out.join('\n')).toMatch(/unchanged\s+16/);
  });
});
