import { describe, expect, it } from 'vitest';
import { buildAd, createAdFactory } from '../src/index.js';
import { logLine, useMswFake } from './helpers.js';

const { ctx, api } = useMswFake();
const factory = createAdFactory({ seed: 3 });

describe('create: 201 at once, processed asynchronously', () => {
  it('answers 201 with blocket_ad_id null, then logs create, handle_media, publish and assigns ids', async () => {
    const body = factory.buildAd('car');
    const created = await api('POST', '/v4/car', { body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      source_id: body.source_id,
      dealer_code: 'D1',
      category_id: 1020,
      state: 'created',
      blocket_ad_id: null,
      api_version: 'v4',
      log: [],
    });

    ctx.fake.clock.advance(1000);
    expect(logLine((await api('GET', `/v4/car/${body.source_id}`)).body)).toEqual(['create:processing']);

    ctx.fake.clock.advance(3000);
    const done = await api('GET', `/v4/car/${body.source_id}`);
    expect(logLine(done.body)).toEqual([
      'create:processing',
      'create:done',
      'handle_media:processing',
      'handle_media:done',
      'publish:processing',
      'publish:done',
    ]);
    expect(new Set(done.body.log.map((e: { request_id: string }) => e.request_id)).size).toBe(1);
    expect(done.body.blocket_ad_id).toMatch(/^\d+$/);
    expect(done.body.offer_id).toMatch(/^\d+$/);
    expect(done.body.title).toBe('Volvo XC60 T6 AWD Recharge Inscription 2021');
    expect(done.body.image_refs).toHaveLength(2);
  });

  it('gives no offer_id to non-registered vehicles', async () => {
    const body = factory.buildAd('boat');
    expect((await api('POST', '/v4/boat', { body })).status).toBe(201);
    ctx.fake.clock.runAll();
    const ad = (await api('GET', `/v4/boat/${body.source_id}`)).body;
    expect(ad.blocket_ad_id).not.toBeNull();
    // "Only present for registered vehicle categories."
    expect(ad).not.toHaveProperty('offer_id');
  });

  it('never publishes a visible: false ad (create and handle_media only)', async () => {
    const body = factory.buildAd('car', { visible: false });
    await api('POST', '/v4/car', { body });
    ctx.fake.clock.runAll();
    const ad = (await api('GET', `/v4/car/${body.source_id}`)).body;
    expect(logLine(ad)).toEqual([
      'create:processing',
      'create:done',
      'handle_media:processing',
      'handle_media:done',
    ]);
    expect(ad.blocket_ad_id).toBeNull();
  });

  it('stores title and body as sent (the documents describe no rewriting of < and >)', async () => {
    const body = factory.buildAd('boat', { body: 'Fin <b>båt</b> > 10 m', title: 'Båt <3' });
    const created = await api('POST', '/v4/boat', { body });
    expect(created.body.body).toBe('Fin <b>båt</b> > 10 m');
    expect(created.body.title).toBe('Båt <3');
  });

  it('logs the documents\' example messages: Processing, Ad created, Images uploaded, Ad published', async () => {
    const body = factory.buildAd('boat');
    await api('POST', '/v4/boat', { body });
    ctx.fake.clock.runAll();
    const ad = (await api('GET', `/v4/boat/${body.source_id}`)).body;
    expect((ad.log as Array<{ action: string; state: string; external_message: string }>).map((e) => `${e.action}:${e.state}:${e.external_message}`)).toEqual([
      'create:processing:Processing',
      'create:done:Ad created',
      'handle_media:processing:Processing',
      'handle_media:done:Images uploaded',
      'publish:processing:Publishing in progress.',
      'publish:done:Ad published',
    ]);
  });

  it('an image is a JPG or PNG or not when it is downloaded: extension-less URLs load, .gif and .pdf fail in handle_media', async () => {
    const body = factory.buildAd('boat', {
      image_urls: ['https://img.example.com/photo/12345', 'https://img.example.com/a.JPEG?w=800', 'https://img.example.com/b.gif', 'https://img.example.com/c.pdf'],
    });
    expect((await api('POST', '/v4/boat', { body })).status).toBe(201);
    ctx.fake.clock.runAll();
    const ad = (await api('GET', `/v4/boat/${body.source_id}`)).body;
    expect((ad.image_refs as Array<{ url: string }>).map((r) => r.url)).toEqual(['https://img.example.com/photo/12345', 'https://img.example.com/a.JPEG?w=800']);
    const media = (ad.log as Array<{ action: string; state: string; external_message: string }>).find((e) => e.action === 'handle_media' && e.state !== 'processing');
    expect(media?.state).toBe('error');
    expect(media?.external_message).toMatch(/b\.gif: not a JPG or PNG image\. .*c\.pdf: not a JPG or PNG image\./);
  });

  it('builds a valid ad for every vehicle type', async () => {
    for (const type of [
      'car',
      'transport',
      'trailer',
      'boat',
      'caravan',
      'camper',
      'moped',
      'motorcycle',
      'atv',
      'snowmobile',
      'agriculture-thresher',
      'agriculture-tractor',
      'agriculture-tools',
      'bus',
      'truck',
      'construction',
    ]) {
      const reply = await api('POST', `/v4/${type}`, { body: buildAd(type) });
      expect([type, reply.status, reply.body.state]).toEqual([type, 201, 'created']);
    }
  });
});
