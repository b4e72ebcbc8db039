import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { everyTypeAds, type Ad } from './helpers.js';
import { kaAds, startKa, type KaEnv } from './kleinanzeigen-env.js';

type Report = { converged: boolean | null; items: Array<{ source_id: string; action: string; outcome: string; messages?: string[] }> };

function published(ka: KaEnv, ad: Ad): boolean {
  const listings = ka.live().get(ad.source_id) ?? [];
  if (listings.length !== 1) return false;
  return ka.publications(String(listings[0]!.uuid)).some((p) => p.imprintUuid === ka.imprintUuid && p.status === 'PUBLISHED');
}

// Converged means buyers see the ad: a listing that should be published has a publication under the configured
// imprint, in the wanted state, for every vehicle type.
describe('Kleinanzeigen: convergence includes the publication', () => {
  let ka: KaEnv;
  const report = (name: string) => JSON.parse(readFileSync(join(ka.dir, name), 'utf8')) as Report;
  beforeEach(async () => {
    ka = await startKa();
  });
  afterEach(() => ka.close());

  it('listings made without an imprint are reported blocked (exit 1), and published by the first run that has one', async () => {
    const ads = kaAds(everyTypeAds(71), ka.images);
    const first = await ka.run(ads, ['--report', 'first.json'], { imprint: false });
    expect(first.code).toBe(1);
    expect(report('first.json').items.map((i) => `${i.action} ${i.outcome}`)).toEqual(ads.map(() => 'create blocked'));
    expect(report('first.json').items[0]?.messages?.[0]).toMatch(/not published: no imprint is configured; pass --imprint-uuid/);
    expect(ka.live().size).toBe(ads.length);

    const still = await ka.run(ads, [], { imprint: false });
    expect(still.code).toBe(1);
    expect(ka.writes().filter((w) => w.startsWith('POST /api/goods/v1/listings'))).toHaveLength(ads.length);

    ka.proxy.reset();
    const late = await ka.run(ads, ['--wait', '--report', 'late.json']);
    expect(late.err).toEqual([]);
    expect(late.code).toBe(0);
    expect(report('late.json').items.map((i) => `${i.action} ${i.outcome}`)).toEqual(ads.map(() => 'retry done'));
    expect(ka.writes()).toEqual(ads.map(() => 'POST /api/goods/v1/listings/:id/publications'));
    for (const ad of ads) expect(published(ka, ad)).toBe(true);

    ka.proxy.reset();
    expect((await ka.run(ads)).code).toBe(0);
    expect(ka.writes()).toEqual([]);
  });

  it('a rejected publication is failed, then blocked with the reason until the ad changes; the change republishes it', async () => {
    const [car, boat] = kaAds(everyTypeAds(72), ka.images).filter((a) => a.vehicle_type === 'car' || a.vehicle_type === 'boat');
    ka.running.fake.faults.rejectPublications({ reason: 'Verbotener Artikel (Testfall).', times: 1 });
    const first = await ka.run([car!, boat!], ['--wait', '--report', 'rejected.json']);
    expect(first.code).toBe(1);
    const rejected = report('rejected.json').items.find((i) => i.outcome === 'failed');
    expect(rejected?.messages?.join(' ')).toMatch(/Verbotener Artikel \(Testfall\)/);
    const again = await ka.run([car!, boat!], ['--report', 'again.json']);
    expect(again.code).toBe(1);
    expect(report('again.json').items.find((i) => i.source_id === rejected!.source_id)).toMatchObject({ action: 'blocked', outcome: 'blocked' });
    expect(again.err.join('\n')).toMatch(/Kleinanzeigen rejected its publication: Verbotener Artikel \(Testfall\)\.; fix the ad in the feed/);
    const fixed = [car!, boat!].map((a) => (a.source_id === rejected!.source_id ? { ...a, body: 'Neue Beschreibung ohne Problem.' } : a));
    const third = await ka.run(fixed, ['--wait']);
    expect(third.err).toEqual([]);
    expect(third.code).toBe(0);
    for (const ad of fixed) expect(published(ka, ad)).toBe(true);
  });

  it('a publication create the server failed is made by a later run, never twice', async () => {
    const ads = kaAds(everyTypeAds(73), ka.images).slice(0, 4);
    ka.proxy.faults = { rate: 1, kinds: ['status'], statuses: [503], match: (method, path) => method === 'POST' && path.endsWith('/publications') };
    ka.proxy.reset();
    const first = await ka.run(ads, ['--report', 'pub.json']);
    expect(first.code).toBe(1);
    expect(report('pub.json').items.every((i) => i.outcome === 'failed')).toBe(true);
    // The client's retries count against the sync's 6 attempts per ad: they never multiply (6 x 4 = 24 sends); the
    // last round of the client's 4 may start at attempt 5, so at most 8.
    const sends = ka.proxy.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/publications'));
    for (const ad of ads) {
      const uuid = String(ka.live().get(ad.source_id)![0]!.uuid);
      expect(sends.filter((r) => r.path.includes(uuid)).length).toBeLessThanOrEqual(8);
    }
    ka.proxy.faults = undefined;
    const second = await ka.run(ads, ['--wait', '--report', 'pub2.json']);
    expect(second.code).toBe(0);
    expect(report('pub2.json').items.map((i) => `${i.action} ${i.outcome}`)).toEqual(ads.map(() => 'retry done'));
    for (const ad of ads) {
      expect(published(ka, ad)).toBe(true);
      expect(ka.publications(String(ka.live().get(ad.source_id)![0]!.uuid))).toHaveLength(1);
    }
  });

  it('visible: false pauses a published listing; visible again publishes it', async () => {
    const [car] = kaAds(everyTypeAds(74), ka.images).filter((a) => a.vehicle_type === 'car');
    expect((await ka.run([car!], ['--wait'])).code).toBe(0);
    expect((await ka.run([{ ...car!, visible: false }], ['--wait'])).code).toBe(0);
    const uuid = String(ka.live().get(car!.source_id)![0]!.uuid);
    expect(ka.publications(uuid).map((p) => p.status)).toEqual(['PAUSED']);
    expect((await ka.run([car!], ['--wait'])).code).toBe(0);
    expect(ka.publications(uuid).map((p) => p.status)).toEqual(['PUBLISHED']);
  });
});
