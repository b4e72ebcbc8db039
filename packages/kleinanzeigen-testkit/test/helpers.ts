import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createKleinanzeigenFake, ManualClock, TEST_PNG, type KleinanzeigenFake, type KleinanzeigenFakeOptions } from '../src/index.js';
import { kleinanzeigenHandlers } from '../src/msw.js';

export const ORIGIN = 'https://developer.kleinanzeigen.de';
export const BASE = `${ORIGIN}/api/goods`;
export const TOKEN_URL = `${ORIGIN}/v2/oidc/token`;
export const START = Date.parse('2030-03-01T10:00:00Z');
export const SHOP = { clientId: 'shop', clientSecret: 'shop-secret-1234567890', userId: 'user-shop' };
export const OTHER = { clientId: 'other-shop', clientSecret: 'other-secret-0987654321' };
export const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
export { TEST_PNG };

/**
 * Every body shape merged (a listing, a publication, a problem, a ticket, a token answer): a test reads the fields of
 * the endpoint it called; the ones tests index into are typed, the rest are compared with `toEqual`.
 */
export type Body = {
  [field: string]: unknown;
  uuid: string;
  urls: string[];
  ticketUuid: string;
  signedPutUrl: string;
  expireAt: string;
  access_token: string;
  errors: Array<{ field: string; message: string }>;
  endpoints: Record<string, string>;
};
export type Reply = { status: number; body: Body; text: string; headers: Headers };

/** A fetch wrapper: JSON in, JSON (or text) out; `token` null sends no Authorization header. */
export function apiFor(base: string, defaultToken: () => string) {
  return async function api(
    method: string,
    path: string,
    options: { body?: unknown; raw?: string | Uint8Array; token?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? defaultToken() : options.token;
    if (token !== null && headers.authorization === undefined && headers['HttpHeaders.AUTHORIZATION'] === undefined)
      headers.authorization = `Bearer ${token}`;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (options.raw !== undefined) body = typeof options.raw === 'string' ? options.raw : new Uint8Array(options.raw);
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(path.startsWith('http') ? path : `${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // XML or empty
    }
    return { status: response.status, body: parsed as Body, text, headers: response.headers };
  };
}

export type Api = ReturnType<typeof apiFor>;

/** The documents' create example, with a price: publishable as is. */
export const LISTING = {
  category: 'Familie_Kind_Baby/Spielzeug',
  title: 'My Listing',
  description: 'Description of my listing',
  attributes: { art: 'actionfiguren', condition: 'like_new', versand: 'ja' },
  adType: 'OFFER',
  price: { type: 'FIXED', amount: 100 },
  email: 'john@abc.com',
  phoneNumber: '123456789',
  customReference: '4345339',
  contactPerson: 'John Doe',
  buyNow: false,
};

/**
 * One fake behind msw for a test file (manual clock at `START`, validations of 1 s, clients SHOP and OTHER);
 * reset after each test. `ctx.token` is a SHOP token, `ctx.other` an OTHER one.
 */
export function useMswFake(options: KleinanzeigenFakeOptions = {}) {
  const ctx = {
    fake: createKleinanzeigenFake({ startTime: START, latencyMs: 1000, clients: [SHOP, OTHER], ...options }),
    token: '',
    other: '',
  };
  const refresh = () => {
    ctx.token = ctx.fake.token({ clientId: SHOP.clientId });
    ctx.other = ctx.fake.token({ clientId: OTHER.clientId });
  };
  refresh();
  const server = setupServer(...kleinanzeigenHandlers(ctx.fake, { admin: true }));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    ctx.fake.reset();
    if (ctx.fake.clock instanceof ManualClock) ctx.fake.clock.setNow(START);
    refresh();
  });
  afterAll(() => server.close());
  const api = apiFor(BASE, () => ctx.token);
  return { ctx, api, server };
}

/** Creates a listing (the documents' example unless told otherwise) and answers its UUID. */
export async function createListing(api: Api, body: Record<string, unknown> = LISTING, token?: string): Promise<string> {
  const reply = await api('POST', '/v1/listings', { body, ...(token === undefined ? {} : { token }) });
  if (reply.status !== 201) throw new Error(`create listing: ${reply.status} ${reply.text}`);
  return reply.body.uuid;
}

/** Requests a ticket; answers the ticket body. */
export async function ticket(api: Api, mediaType = 'image/png', token?: string): Promise<{ ticketUuid: string; signedPutUrl: string; expireAt: string }> {
  const reply = await api('POST', '/v1/media', { body: { mediaType }, ...(token === undefined ? {} : { token }) });
  if (reply.status !== 201) throw new Error(`ticket: ${reply.status} ${reply.text}`);
  return reply.body;
}

/** PUTs bytes to a presigned URL without any token; the storage answers XML or nothing. */
export async function put(
  url: string,
  bytes: Uint8Array = TEST_PNG,
  headers: Record<string, string> = { 'content-type': 'image/png' },
): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(url, { method: 'PUT', headers, body: new Uint8Array(bytes) });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** Ticket, upload, attach: answers the listing's urls afterwards. */
export async function addImage(api: Api, listing: string, bytes: Uint8Array = TEST_PNG): Promise<string[]> {
  const t = await ticket(api);
  const stored = await put(t.signedPutUrl, bytes);
  if (stored.status !== 200) throw new Error(`upload: ${stored.status} ${stored.text}`);
  const attached = await api('PUT', `/v1/listings/${listing}/media`, { body: { ticketUuid: t.ticketUuid } });
  if (attached.status !== 204) throw new Error(`attach: ${attached.status} ${attached.text}`);
  return (await api('GET', `/v1/listings/${listing}`)).body.urls;
}

export async function createImprint(api: Api, token?: string): Promise<string> {
  const reply = await api('POST', '/v1/imprints', { body: { content: 'Muster GmbH, Berlin' }, ...(token === undefined ? {} : { token }) });
  if (reply.status !== 201) throw new Error(`imprint: ${reply.status} ${reply.text}`);
  return reply.body.uuid;
}

/** Creates a publication (202) and answers its UUID; the validation is still pending. */
export async function publish(api: Api, listing: string, imprint: string): Promise<string> {
  const reply = await api('POST', `/v1/listings/${listing}/publications`, { body: { imprintUuid: imprint, location: { zipCode: '10115', city: 'Berlin' } } });
  if (reply.status !== 202) throw new Error(`publish: ${reply.status} ${reply.text}`);
  return reply.body.uuid;
}

/** The empty `localized*` members every style-A body carries. */
export const LOCALIZED = { localizedTitle: '', localizedDetail: '', localizedMessage: '' };

export type { KleinanzeigenFake };
