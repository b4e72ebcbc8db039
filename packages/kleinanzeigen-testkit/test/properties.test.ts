import { validatePayload } from '@x/kleinanzeigen-client/validators';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_DOCUMENT } from '../src/generated/openapi.gen.js';
import { createKleinanzeigenFake, handleKleinanzeigenRequest, type KleinanzeigenFake } from '../src/index.js';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '../src/server.js';
import { LOCALIZED, SHOP, TEST_PNG } from './helpers.js';

// Issue 17: "documented refuses, everything else the server would take is taken". Bodies built only from what the
// documents state (types, the documented value lists and required fields, plausible strings and numbers) are accepted
// by the client's validators (default mode) and by the fake, in process and over HTTP; the same bodies with one
// documented rule broken are refused with the documented status and body. Seeded: the same runs every time.
const RUNS = { numRuns: 40, seed: 20_170_917 };

type Reply = { status: number; body: Record<string, unknown> | undefined; headers: Record<string, string> };
type Call = (method: string, path: string, body?: unknown) => Promise<Reply>;

/** The fake in process: the request handler both faces run, called directly. */
function inProcess(fake: KleinanzeigenFake): Call {
  return async (method, path, body) => {
    const token = fake.token({ clientId: SHOP.clientId });
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const response = await handleKleinanzeigenRequest(fake, {
      method,
      url: `https://developer.kleinanzeigen.de/api/goods${path}`,
      header: (name) => headers[name.toLowerCase()] ?? null,
      body: body === undefined ? null : new TextEncoder().encode(JSON.stringify(body)),
    });
    const text = typeof response.body === 'string' ? response.body : new TextDecoder().decode(response.body);
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>), headers: response.headers };
  };
}

/** The fake over real HTTP. */
function overHttp(server: RunningKleinanzeigenServer): Call {
  return async (method, path, body) => {
    const token = server.fake.token({ clientId: SHOP.clientId });
    const response = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>), headers: Object.fromEntries(response.headers) };
  };
}

// --- What the documents state, as arbitraries ---------------------------------------------------------------------

/** Any text, as a Spring String field takes it. */
const text = fc.string({ maxLength: 40 });
/** A JSON number (no NaN or Infinity: JSON has none). */
const number = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 });
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
/** Keys the body does not declare: unknown fields only warn (Jackson ignores them). */
const DECLARED = new Set(['title', 'category', 'description', 'attributes', 'adType', 'price', 'email', 'phoneNumber', 'customReference', 'contactPerson', 'buyNow']);
const extraFields = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !DECLARED.has(k) && k !== '__proto__'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 });

/**
 * The update body: every field optional and nullable with its documented type ("| `title` | string \\| null | no |");
 * `price`, when present, an object with `type` (string) and `amount` (number), both required. `adType` and the price
 * type are strings: their value lists are reconstructed.
 */
const updateBody = fc
  .record(
    {
      title: nullable(text),
      category: nullable(text),
      description: nullable(text),
      attributes: nullable(fc.dictionary(fc.string({ maxLength: 10 }).filter((k) => k !== '__proto__'), text, { maxKeys: 3 })),
      adType: nullable(fc.oneof(fc.constantFrom('OFFER', 'WANTED'), text)),
      price: nullable(fc.record({ type: fc.oneof(fc.constantFrom('FIXED', 'NEGOTIABLE', 'GIVE_AWAY'), text), amount: number })),
      email: nullable(text),
      phoneNumber: nullable(text),
      customReference: nullable(text),
      contactPerson: nullable(text),
      buyNow: nullable(fc.boolean()),
    },
    { requiredKeys: [] },
  )
  .chain((body) => extraFields.map((extra) => ({ ...extra, ...body })));

/**
 * The create body: nothing about it is documented (its page is not available), so the update body's fields, any of
 * them left out, the price as on update (a price without a number is what no document allows).
 */
const createBody = updateBody;

/** One documented rule of the update body broken, with the field error the documents' Spring server answers. */
const brokenUpdate = fc.oneof(
  fc.constant({ change: { price: { type: 'FIXED' } }, error: { field: 'price.amount', message: 'must not be null' } }),
  fc.constant({ change: { price: { amount: 5 } }, error: { field: 'price.type', message: 'must not be null' } }),
  fc.constant({ change: { buyNow: 'yes' }, error: { field: 'buyNow', message: 'Cannot deserialize value of type `java.lang.Boolean` from String value' } }),
  fc.constant({ change: { title: ['a'] }, error: { field: 'title', message: 'Cannot deserialize value of type `java.lang.String` from Array value' } }),
  fc.constant({ change: { price: { type: 'FIXED', amount: '5' } }, error: { field: 'price.amount', message: 'Cannot deserialize value of type `java.lang.Double` from String value' } }),
);

const imprintBody = fc.record({ content: text });
const ticketBody = fc.record({ mediaType: fc.constantFrom('image/jpeg', 'image/png') });
/** A media type the documents' 415 refuses: any string but the two. */
const otherMediaType = text.filter((t) => t !== 'image/jpeg' && t !== 'image/png');

/** The publication body: only "the Imprint UUID and any necessary location details" are documented. */
const location = nullable(
  fc.record({ zipCode: text, city: nullable(text), latitude: nullable(fc.double({ min: -90, max: 90, noNaN: true })), longitude: nullable(fc.double({ min: -180, max: 180, noNaN: true })) }, { requiredKeys: [] }),
);

// --- The spec and the fake agree on what the fake answers ------------------------------------------------------------

const addFormats = addFormatsModule.default;
const components = OPENAPI_DOCUMENT.components as { schemas: Record<string, unknown>; 'x-sources': Record<string, { kind: string }> };

/**
 * The spec's schemas with the value lists that are not documented left out (`adType`, the price type: the fake
 * stores what it takes, and those lists only warn), everything else as the spec says.
 */
function documentedLists(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(documentedLists);
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const sources = record['x-source'] as Record<string, unknown> | undefined;
  const source = sources?.['enum'] ?? sources?.['*'];
  const documented = typeof source !== 'string' || components['x-sources'][source]?.kind === 'documented';
  return Object.fromEntries(
    Object.entries(record)
      .filter(([key]) => key !== 'enum' || documented)
      .map(([key, value]) => [key, key === '$ref' && typeof value === 'string' ? value.replace('#/components/schemas/', '#/$defs/') : documentedLists(value)]),
  );
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'https://spec.local/openapi.json', $defs: documentedLists(components.schemas) });
const listingSchema = ajv.compile({ $ref: 'https://spec.local/openapi.json#/$defs/Listing' });

// --------------------------------------------------------------------------------------------------------------------

const clients = [SHOP];
let server: RunningKleinanzeigenServer;
beforeAll(async () => {
  server = await startKleinanzeigenServer({ port: 0, fakeOptions: { clients, latencyMs: 0 } });
});
afterAll(async () => {
  await server.close();
});

const faces: Array<[string, () => Call]> = [
  ['in process', () => inProcess(createKleinanzeigenFake({ clients, latencyMs: 0 }))],
  ['over HTTP', () => overHttp(server)],
];

describe.each(faces)('the fake %s, and the validators', (_face, makeCall) => {
  // Made on first use: the HTTP server starts in beforeAll.
  let made: Call | undefined;
  const call: Call = (method, path, body) => (made ??= makeCall())(method, path, body);

  it('take every create and update built from the documented types; the listing read back is what the spec says', async () => {
    await fc.assert(
      fc.asyncProperty(createBody, updateBody, async (create, update) => {
        expect(validatePayload('listings', 'create', create).success).toBe(true);
        expect(validatePayload('listings', 'update', update).success).toBe(true);
        const created = await call('POST', '/v1/listings', create);
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const uuid = String(created.body?.uuid);
        const updated = await call('PUT', `/v1/listings/${uuid}`, update);
        expect(updated.status, JSON.stringify(updated.body)).toBe(204);
        const read = await call('GET', `/v1/listings/${uuid}`);
        expect(listingSchema(read.body), JSON.stringify(listingSchema.errors)).toBe(true);
      }),
      RUNS,
    );
  });

  it('refuse an update with one documented rule broken: 400, the documented problem body, the field error', async () => {
    const uuid = String((await call('POST', '/v1/listings', { title: 'T', category: 'C', description: 'D' })).body?.uuid);
    await fc.assert(
      fc.asyncProperty(updateBody, brokenUpdate, async (body, { change, error }) => {
        const broken = { ...body, ...change };
        const outcome = validatePayload('listings', 'update', broken);
        const expected = { type: 'about:blank', status: 400, title: 'Bad Request', detail: 'Invalid request content.', errors: [error] };
        expect(outcome.success ? undefined : outcome.errors).toEqual({ ...expected, errors: [error] });
        const reply = await call('PUT', `/v1/listings/${uuid}`, broken);
        expect(reply.status).toBe(400);
        expect(reply.body).toEqual({ ...expected, instance: `/api/v1/listings/${uuid}`, ...LOCALIZED });
      }),
      RUNS,
    );
  });

  it('take every imprint with text content and every ticket for image/jpeg or image/png; refuse a missing content (400) and another media type (the documented 415)', async () => {
    await fc.assert(
      fc.asyncProperty(imprintBody, ticketBody, otherMediaType, async (imprint, ticket, mediaType) => {
        expect(validatePayload('imprints', 'create', imprint).success).toBe(true);
        expect((await call('POST', '/v1/imprints', imprint)).status).toBe(201);
        expect(validatePayload('media', 'requestTicket', ticket).success).toBe(true);
        expect((await call('POST', '/v1/media', ticket)).status).toBe(201);
        const noContent = await call('POST', '/v1/imprints', {});
        expect([noContent.status, noContent.body?.errors]).toEqual([400, [{ field: 'content', message: 'must not be null' }]]);
        const unsupported = { type: 'about:blank', status: 415, title: 'Unsupported Media Type', detail: `Unsupported media type: '${mediaType}'. Supported types are: image/jpeg, image/png` };
        const outcome = validatePayload('media', 'requestTicket', { mediaType });
        expect(outcome.success ? undefined : outcome.errors).toEqual(unsupported);
        const reply = await call('POST', '/v1/media', { mediaType });
        expect([reply.status, reply.body]).toEqual([415, { ...unsupported, instance: '/api/v1/media', ...LOCALIZED }]);
      }),
      RUNS,
    );
  });

  it('take every publication of any listing (no rejection reason is documented) under any spelling of the imprint; republish takes exactly {}', async () => {
    const imprint = String((await call('POST', '/v1/imprints', { content: 'Muster GmbH' })).body?.uuid);
    const imprintField = fc.constantFrom('imprintUuid', 'imprintId', 'imprint_uuid', 'imprintUUID', 'imprint');
    await fc.assert(
      fc.asyncProperty(createBody, imprintField, location, async (create, field, where) => {
        const uuid = String((await call('POST', '/v1/listings', create)).body?.uuid);
        const body = { [field]: imprint, ...(where === null ? {} : { location: where }) };
        expect(validatePayload('publications', 'create', body).success).toBe(true);
        const published = await call('POST', `/v1/listings/${uuid}/publications`, body);
        expect(published.status, JSON.stringify(published.body)).toBe(202);
        const path = `/v1/listings/${uuid}/publications/${String(published.body?.uuid)}`;
        // Republish and pause at once, while the validation may still run: taken (the state machine is not documented).
        expect((await call('PUT', `${path}?requestedState=PUBLISHED`, {})).status).toBe(204);
        expect((await call('PUT', `${path}/state?requestedState=PAUSED`)).status).toBe(204);
        const refused = await call('PUT', `${path}?requestedState=PUBLISHED`, { requestedState: 'PUBLISHED' });
        expect([refused.status, refused.body?.title]).toEqual([400, 'BAD_REQUEST']);
        expect(validatePayload('publications', 'republish', { requestedState: 'PUBLISHED' }).success).toBe(false);
      }),
      { ...RUNS, numRuns: 20 },
    );
  });
});

describe('the upload of any image bytes (their check is our design) is taken by the fake over HTTP', () => {
  it('JPEG, PNG or other bytes, with or without an Authorization header: 200, attached', async () => {
    const call = overHttp(server);
    const uuid = String((await call('POST', '/v1/listings', { title: 'T', category: 'C', description: 'D' })).body?.uuid);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.boolean(), fc.constantFrom('image/jpeg', 'image/png'), async (bytes, withAuthorization, mediaType) => {
        const ticket = (await call('POST', '/v1/media', { mediaType })).body as { ticketUuid: string; signedPutUrl: string };
        const headers: Record<string, string> = { 'content-type': mediaType, ...(withAuthorization ? { authorization: 'Bearer x' } : {}) };
        const body = bytes[0] === 0x89 ? TEST_PNG : bytes;
        const put = await fetch(ticket.signedPutUrl, { method: 'PUT', headers, body: new Uint8Array(body) });
        expect(put.status, await put.text()).toBe(200);
        expect((await call('PUT', `/v1/listings/${uuid}/media`, { ticketUuid: ticket.ticketUuid })).status).toBe(204);
      }),
      { ...RUNS, numRuns: 20 },
    );
  });
});
