import { describe, expect, it } from 'vitest';
import { createKleinanzeigenClient } from '@x/kleinanzeigen-client';
import { createKleinanzeigenFake, TEST_PNG } from '../src/index.js';
import { startKleinanzeigenServer } from '../src/server.js';
import { addImage, apiFor, createImprint, createListing, LISTING, publish, SHOP, TOKEN_URL, useMswFake, type Reply } from './helpers.js';

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];

describe('prototype names anywhere in a request', () => {
  const { ctx, api } = useMswFake();

  it('never answer 500 (path parameters, queries, bodies, form fields, storage names)', async () => {
    const problems: string[] = [];
    const note = (label: string, reply: Reply) => {
      if (reply.status >= 500) problems.push(`${label}: ${reply.status} ${reply.text.slice(0, 200)}`);
    };
    const listing = await createListing(api);
    const imprint = await createImprint(api);
    const publication = await publish(api, listing, imprint);
    await addImage(api, listing);
    for (const name of PROTOTYPE_NAMES) {
      const q = encodeURIComponent(name);
      for (const [method, path, body] of [
        ['GET', `/v1/listings/${q}`],
        ['PUT', `/v1/listings/${q}`, { title: 'x' }],
        ['DELETE', `/v1/listings/${q}`],
        ['GET', `/v1/listings/${listing}/publications/${q}`],
        ['PUT', `/v1/listings/${listing}/publications/${publication}?requestedState=${q}`, {}],
        ['PUT', `/v1/listings/${listing}/publications/${publication}/state?requestedState=${q}`],
        ['PUT', `/v1/listings/${listing}/publications/${q}/state?requestedState=PAUSED`],
        ['DELETE', `/v1/listings/${listing}/media?urls=${q}`],
        ['PUT', `/v1/listings/${listing}/media`, { ticketUuid: name }],
        ['PUT', `/v1/listings/${listing}/media/order`, { urls: [name] }],
        ['POST', `/v1/listings/${listing}/publications`, { imprintUuid: name }],
        ['POST', '/v1/media', { mediaType: name }],
        ['POST', '/v1/listings', { ...LISTING, attributes: { [name]: name }, [name]: { a: 1 } }],
        ['PUT', `/v1/listings/${listing}`, { attributes: { [name]: 'x' }, [name]: 1 }],
        ['GET', `/${q}/${q}`],
        ['GET', `/v1/${q}?${q}=${q}`],
      ] as Array<[string, string, unknown?]>) {
        const raw = body === undefined ? undefined : JSON.stringify(body);
        note(`${method} ${path}`, await api(method, path, raw === undefined ? {} : { raw, headers: { 'content-type': 'application/json' } }));
      }
      note(`storage ${name}`, await api('PUT', `https://developer.kleinanzeigen.de/__storage/uploads/${q}?expires=${q}&signature=${q}`, { raw: TEST_PNG, token: null }));
      note(`image ${name}`, await api('GET', `https://developer.kleinanzeigen.de/__storage/images/${q}`, { token: null }));
      const form = `grant_type=${q}&client_id=${q}&client_secret=${q}&audience=${q}&${q}=${q}`;
      note(`token ${name}`, await api('POST', TOKEN_URL, { raw: form, token: null, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
      note(`bearer ${name}`, await api('GET', `/v1/listings/${listing}`, { token: name }));
      note(`admin ${name}`, await api('POST', `https://developer.kleinanzeigen.de/__fake/${q}`, { body: { [name]: 1 }, token: null }));
      ctx.fake.clock.runAll();
    }
    expect(problems).toEqual([]);
  });
});

describe('admin input is checked: a 400 in one line, and nothing changes', () => {
  const { ctx, api } = useMswFake();
  const admin = (method: string, path: string, body?: unknown) =>
    api(method, `https://developer.kleinanzeigen.de/__fake${path}`, body === undefined ? { token: null } : { token: null, body });

  const cases: Array<[string, string, unknown, string]> = [
    ['POST', '/faults/schedule', { path: 1, status: 503 }, 'POST /__fake/faults/schedule: path must be a string, got 1'],
    ['POST', '/faults/schedule', { status: 503, count: '2' }, 'POST /__fake/faults/schedule: count must be a number, got "2"'],
    ['PUT', '/faults/rate', { rate: 0.5, method: 5 }, 'PUT /__fake/faults/rate: method must be a string, got 5'],
    ['POST', '/faults/rejections', { listingUuid: 5 }, 'POST /__fake/faults/rejections: listingUuid must be a string, got 5'],
    ['POST', '/faults/rejections', { times: 0 }, 'POST /__fake/faults/rejections: times must be >= 1, got 0'],
    ['POST', '/faults/rejections', { reason: '  ' }, 'POST /__fake/faults/rejections: reason must not be empty, got ""'],
    ['POST', '/clock/advance', { ms: 'soon' }, 'POST /__fake/clock/advance: ms must be a number, got "soon"'],
    ['PUT', '/latency', { latencyMs: null }, 'PUT /__fake/latency: latencyMs must be a number, got null'],
    ['POST', '/validations/run', { now: true }, 'POST /__fake/validations/run: has unknown field "now"'],
    ['PUT', '/state', { version: 1 }, 'PUT /__fake/state: fake.load(snapshot): now must be a number, got nothing; imprints must be a list, got nothing; listings must be a list, got nothing; and 5 more'],
  ];

  it.each(cases)('%s %s %j', async (method, path, body, detail) => {
    const listing = await createListing(api);
    const before = ctx.fake.snapshot();
    const faultsBefore = ctx.fake.faults.describe();
    const reply = await admin(method, path, body);
    expect([reply.status, reply.body.detail]).toEqual([400, detail]);
    expect(ctx.fake.snapshot()).toEqual(before);
    expect(ctx.fake.faults.describe()).toEqual(faultsBefore);
    expect((await api('GET', `/v1/listings/${listing}`)).status).toBe(200);
  });

  it('a state whose items refer to what it does not hold is refused with the place', async () => {
    const listing = await createListing(api);
    await publish(api, listing, await createImprint(api));
    const state = ctx.fake.snapshot();
    const reply = await admin('PUT', '/state', { ...state, imprints: [] });
    expect([reply.status, reply.body.detail]).toEqual([
      400,
      `PUT /__fake/state: fake.load(snapshot): publications[0].imprintUuid names no imprint (${state.publications[0]?.imprintUuid})`,
    ]);
    const twice = await admin('PUT', '/state', { ...state, listings: [...state.listings, ...state.listings] });
    expect(twice.body.detail).toBe(`PUT /__fake/state: fake.load(snapshot): listings[1] has the id of listings[0] (${listing})`);
  });
});

describe('GET /__fake/state can always be PUT back', () => {
  it('a state with images over 1 MiB round-trips over HTTP', async () => {
    const running = await startKleinanzeigenServer({ port: 0, fakeOptions: { clients: [SHOP], clock: 'manual', startTime: Date.now() } });
    try {
      const token = running.fake.token();
      const api = apiFor(running.baseUrl, () => token);
      const listing = await createListing(api);
      const big = new Uint8Array(1536 * 1024);
      big.set(TEST_PNG);
      await addImage(api, listing, big);
      const state = await (await fetch(`${running.origin}/__fake/state`)).text();
      expect(state.length).toBeGreaterThan(1024 * 1024);
      running.fake.reset();
      const put = await fetch(`${running.origin}/__fake/state`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: state });
      expect([put.status, await put.json()]).toEqual([200, { listings: 1 }]);
      expect(running.fake.snapshot()).toEqual(JSON.parse(state)); // the same state (the text is laid out one item per line)
    } finally {
      await running.close();
    }
  });
});

describe('autoAdvance', () => {
  const { ctx } = useMswFake({ autoAdvance: true, startTime: Date.now() });

  it('publications.createAndWait and republishAndWait finish without anyone advancing the clock', async () => {
    const client = createKleinanzeigenClient({ clientId: SHOP.clientId, clientSecret: SHOP.clientSecret });
    const { uuid } = await client.listings.create({ title: 'Lego', category: 'Spielzeug', description: 'Vollständig', price: { type: 'FIXED', amount: 20 } });
    const { uuid: imprintUuid } = await client.imprints.create({ content: 'Muster GmbH, Berlin' });
    const published = await client.publications.createAndWait(uuid, { imprintUuid });
    expect(published.status).toBe('PUBLISHED');
    const paused = await client.publications.republishAndWait(uuid, published.uuid, { requestedState: 'PAUSED' });
    expect(paused.status).toBe('PAUSED');
    expect(ctx.fake.pendingValidations()).toBe(0);
  }, 10_000);

  it('needs the manual clock', () => {
    expect(() => createKleinanzeigenFake({ clock: 'real', autoAdvance: true })).toThrow('autoAdvance needs the manual clock');
  });
});
