import { randomUUID } from 'node:crypto';
import {
  CheckFailure,
  expectEqual,
  expectStatus,
  expectTrue,
  list,
  readReply,
  record,
  runChecks,
  type Check,
  type CheckResult,
  type ConformanceReport,
  type Reply,
} from '@x/fake-runtime';

export type { CheckResult, ConformanceReport };

/**
 * Options of `runConformance`.
 *
 * @example
 * await runConformance({ baseUrl: running.baseUrl, clientId: 'shop', clientSecret: 'local', pollMs: 5, print: console.log });
 */
export type ConformanceOptions = {
  /** The goods API: `http://127.0.0.1:4020/api/goods` or `https://developer.kleinanzeigen.de/api/goods`. */
  baseUrl: string;
  /** The token endpoint. Default: the base URL's origin + `/v2/oidc/token`. */
  tokenUrl?: string;
  clientId: string;
  /** Never printed: failure messages are redacted. */
  clientSecret: string;
  /** An existing imprint to publish under (imprints cannot be deleted, G-21). */
  imprintUuid?: string;
  /** Against a real server, also create an imprint (if none is given) and publications (live ads). Always on against the fake. */
  allowPublish?: boolean;
  /** How long to wait for a publication's validation. Default 180 000 ms. */
  timeoutMs?: number;
  /** Delay between polls of a publication. Default 50 ms against the fake, 2000 ms otherwise. */
  pollMs?: number;
  fetch?: typeof fetch;
  /** Called with each PASS/FAIL/SKIP line as it happens. */
  print?: (line: string) => void;
};

/**
 * The server cannot be reached at all: one clear error instead of a FAIL per check.
 *
 * @example
 * try {
 *   await runConformance(options);
 * } catch (error) {
 *   if (error instanceof ConformanceSetupError) console.error(error.message); // the server cannot be reached
 * }
 */
export class ConformanceSetupError extends Error {}

/**
 * A 1x1 PNG: the image the suite uploads.
 *
 * @example
 * await client.media.upload(listingUuid, TEST_PNG, 'image/png');
 */
export const TEST_PNG: Uint8Array = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
);

const LISTING = {
  category: 'Familie_Kind_Baby/Spielzeug',
  title: 'Conformance check listing',
  description: 'Created by the conformance suite of @x/kleinanzeigen-testkit; deleted at the end of the run.',
  attributes: { art: 'actionfiguren', condition: 'like_new', versand: 'ja' },
  adType: 'OFFER',
  price: { type: 'FIXED', amount: 100 },
  email: 'conformance@example.com',
  phoneNumber: '123456789',
  customReference: 'conformance',
  contactPerson: 'Conformance Suite',
  buyNow: false,
};

type Ctx = {
  options: ConformanceOptions;
  baseUrl: string;
  tokenUrl: string;
  isFake: boolean;
  publish: boolean;
  pollMs: number;
  timeoutMs: number;
  fetch: typeof fetch;
  /** Everything that must never reach the output. */
  secrets: string[];
  token?: string;
  imprint?: string;
  listing?: string;
  listingDeleted: boolean;
  tickets: string[];
  urls: string[];
  publication?: string;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new CheckFailure(`depends on ${what}, which failed`);
  return value;
}

/** A goods-API call with the access token (unless `token: null`). */
async function api(
  ctx: Ctx,
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = options.token === undefined ? ctx.token : options.token;
  if (token !== null && token !== undefined) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await ctx.fetch(`${ctx.baseUrl}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return readReply(response);
}

async function tokenCall(ctx: Ctx, secret: string): Promise<Reply> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: ctx.options.clientId,
    client_secret: secret,
    audience: 'consumer-goods-api',
  });
  const response = await ctx.fetch(ctx.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
  });
  return readReply(response);
}

function expectOneOf(reply: Reply, statuses: number[], what: string): void {
  if (!statuses.includes(reply.status))
    throw new CheckFailure(`${what}: expected HTTP ${statuses.join(' or ')}, got ${reply.status} ${reply.text.slice(0, 300)}`);
}

function uuidOf(reply: Reply, what: string): string {
  const uuid = record(reply.body, what).uuid;
  expectTrue(typeof uuid === 'string' && uuid !== '', `${what}: the answer has no "uuid"`);
  return uuid as string;
}

async function listingUrls(ctx: Ctx): Promise<string[]> {
  const reply = await api(ctx, 'GET', `/v1/listings/${need(ctx.listing, '"listing: create"')}`);
  expectStatus(reply, 200, 'GET the listing');
  return list(record(reply.body, 'the listing').urls, 'the listing urls') as string[];
}

/** Requests a PNG ticket, PUTs the bytes to its presigned URL (no token) and attaches it. */
async function uploadImage(ctx: Ctx, what: string): Promise<string> {
  const listing = need(ctx.listing, '"listing: create"');
  const ticketReply = await api(ctx, 'POST', '/v1/media', { body: { mediaType: 'image/png' } });
  expectOneOf(ticketReply, [200, 201], `${what}: POST /v1/media`);
  const ticket = record(ticketReply.body, 'the ticket');
  const ticketUuid = String(ticket.ticketUuid);
  const put = await ctx.fetch(String(ticket.signedPutUrl), { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(TEST_PNG) });
  const stored = await readReply(put);
  expectTrue(put.ok, `${what}: PUT to the ticket's signedPutUrl answered ${stored.status} ${stored.text.slice(0, 200)}`);
  const attach = await api(ctx, 'PUT', `/v1/listings/${listing}/media`, { body: { ticketUuid } });
  expectOneOf(attach, [200, 204], `${what}: PUT /v1/listings/{uuid}/media`);
  ctx.tickets.push(ticketUuid);
  return ticketUuid;
}

async function publication(ctx: Ctx): Promise<Record<string, unknown>> {
  const reply = await api(ctx, 'GET', `/v1/listings/${need(ctx.listing, '"listing: create"')}/publications/${need(ctx.publication, 'the publication')}`);
  expectStatus(reply, 200, 'GET the publication');
  return record(reply.body, 'the publication');
}

/** Polls until the publication has left `PENDING` (the snapshot's status design, G-13). */
async function settled(ctx: Ctx): Promise<string> {
  const deadline = Date.now() + ctx.timeoutMs;
  for (;;) {
    const status = String((await publication(ctx)).status);
    if (status !== 'PENDING') return status;
    if (Date.now() > deadline) throw new CheckFailure(`the publication is still PENDING after ${ctx.timeoutMs} ms`);
    await sleep(ctx.pollMs);
  }
}

const publishSkip = (ctx: Ctx): string | undefined =>
  ctx.publish ? undefined : 'creates a live ad on a real server: pass --allow-publish (and --imprint-uuid)';

const CHECKS: Check<Ctx>[] = [
  {
    name: 'token: POST /v2/oidc/token with the client credentials answers 200 {access_token, token_type bearer, expires_in}',
    async run(ctx) {
      const reply = await tokenCall(ctx, ctx.options.clientSecret);
      expectStatus(reply, 200, 'POST token');
      const body = record(reply.body, 'the token answer');
      expectTrue(typeof body.access_token === 'string' && body.access_token !== '', 'access_token is a non-empty string');
      expectEqual(String(body.token_type).toLowerCase(), 'bearer', 'token_type');
      expectTrue(Number.isInteger(body.expires_in) && Number(body.expires_in) > 0, `expires_in is a positive integer, got ${JSON.stringify(body.expires_in)}`);
      ctx.token = body.access_token as string;
      ctx.secrets.push(ctx.token);
    },
  },
  {
    name: 'token: a wrong client secret is refused with error invalid_client',
    async run(ctx) {
      const reply = await tokenCall(ctx, `not-the-secret-${randomUUID()}`);
      expectOneOf(reply, [400, 401], 'POST token with a wrong secret');
      expectEqual(record(reply.body, 'the error').error, 'invalid_client', 'error');
    },
  },
  {
    name: 'auth: a goods call without a token is refused with 401',
    async run(ctx) {
      expectStatus(await api(ctx, 'GET', `/v1/listings/${randomUUID()}`, { token: null }), 401, 'GET without a token');
    },
  },
  {
    name: 'imprint: POST /v1/imprints answers {uuid}',
    skip: (ctx) =>
      ctx.options.imprintUuid !== undefined
        ? 'using --imprint-uuid'
        : ctx.publish
          ? undefined
          : 'imprints cannot be deleted (G-21): pass --imprint-uuid or --allow-publish',
    async run(ctx) {
      need(ctx.token, '"token"');
      const reply = await api(ctx, 'POST', '/v1/imprints', { body: { content: 'Conformance GmbH, Musterstraße 1, 10115 Berlin' } });
      expectOneOf(reply, [200, 201], 'POST /v1/imprints');
      ctx.imprint = uuidOf(reply, 'the imprint');
    },
  },
  {
    name: 'listing: POST /v1/listings answers {uuid}',
    async run(ctx) {
      need(ctx.token, '"token"');
      const reply = await api(ctx, 'POST', '/v1/listings', { body: LISTING });
      expectOneOf(reply, [200, 201], 'POST /v1/listings');
      ctx.listing = uuidOf(reply, 'the listing');
    },
  },
  {
    name: 'listing: GET answers the documented fields with the values sent (price as adPrice, no images)',
    async run(ctx) {
      const uuid = need(ctx.listing, '"listing: create"');
      const reply = await api(ctx, 'GET', `/v1/listings/${uuid}`);
      expectStatus(reply, 200, 'GET /v1/listings/{uuid}');
      const body = record(reply.body, 'the listing');
      expectEqual(body.uuid, uuid, 'uuid');
      const { price, ...rest } = LISTING;
      for (const [field, value] of Object.entries(rest)) expectEqual(body[field], value, field);
      expectEqual(body.adPrice, price, 'adPrice');
      expectEqual(body.urls, [], 'urls');
      expectTrue(typeof body.userId === 'string', 'userId is a string');
    },
  },
  {
    name: 'listing: PUT with only the changed fields answers 204 and keeps the others',
    async run(ctx) {
      const uuid = need(ctx.listing, '"listing: create"');
      const update = { title: 'Conformance check listing (updated)', price: { type: 'FIXED', amount: 42 } };
      expectStatus(await api(ctx, 'PUT', `/v1/listings/${uuid}`, { body: update }), 204, 'PUT /v1/listings/{uuid}');
      const body = record((await api(ctx, 'GET', `/v1/listings/${uuid}`)).body, 'the listing');
      expectEqual(body.title, update.title, 'title after PUT');
      expectEqual(body.adPrice, update.price, 'adPrice after PUT');
      expectEqual(body.description, LISTING.description, 'description (not sent) after PUT');
    },
  },
  {
    name: 'listing: GET of an unknown UUID is 404 with the documented problem body',
    async run(ctx) {
      need(ctx.token, '"token"');
      const uuid = randomUUID();
      const reply = await api(ctx, 'GET', `/v1/listings/${uuid}`);
      expectStatus(reply, 404, 'GET an unknown listing');
      expectEqual(reply.body, {
        type: 'about:blank',
        status: 404,
        title: 'Not Found',
        detail: 'Listing not found',
        instance: `/api/v1/listings/${uuid}`,
        localizedTitle: '',
        localizedDetail: '',
        localizedMessage: '',
      }, 'the 404 body');
    },
  },
  {
    name: 'media: POST /v1/media with image/gif is 415 with the documented detail',
    async run(ctx) {
      need(ctx.token, '"token"');
      const reply = await api(ctx, 'POST', '/v1/media', { body: { mediaType: 'image/gif' } });
      expectStatus(reply, 415, 'POST /v1/media image/gif');
      const body = record(reply.body, 'the 415 body');
      expectEqual(body.title, 'Unsupported Media Type', 'title');
      expectEqual(body.detail, "Unsupported media type: 'image/gif'. Supported types are: image/jpeg, image/png", 'detail');
      expectEqual(body.instance, '/api/v1/media', 'instance');
    },
  },
  {
    name: 'media: a ticket answers {ticketUuid, signedPutUrl, expireAt}; PUT to the URL (no token) and attach add the image',
    async run(ctx) {
      need(ctx.listing, '"listing: create"');
      const reply = await api(ctx, 'POST', '/v1/media', { body: { mediaType: 'image/png' } });
      expectOneOf(reply, [200, 201], 'POST /v1/media');
      const ticket = record(reply.body, 'the ticket');
      expectTrue(typeof ticket.ticketUuid === 'string', 'ticketUuid is a string');
      expectTrue(/^https?:\/\//.test(String(ticket.signedPutUrl)), 'signedPutUrl is an http(s) URL');
      expectTrue(Number.isFinite(Date.parse(String(ticket.expireAt))), `expireAt is a date-time, got ${JSON.stringify(ticket.expireAt)}`);
      await uploadImage(ctx, 'the first image');
      expectEqual((await listingUrls(ctx)).length, 1, 'number of images after one attach');
    },
  },
  {
    name: 'media: a second image is appended to urls',
    async run(ctx) {
      need(ctx.tickets[0], 'the first image');
      const first = await listingUrls(ctx);
      await uploadImage(ctx, 'the second image');
      const urls = await listingUrls(ctx);
      expectEqual(urls.length, 2, 'number of images');
      expectEqual(urls[0], first[0], 'the first image stays first');
      ctx.urls = urls;
    },
  },
  {
    name: 'media: a ticket can be used only once (a second attach is refused with a 4xx)',
    async run(ctx) {
      const listing = need(ctx.listing, '"listing: create"');
      const ticketUuid = need(ctx.tickets[0], 'the first image');
      const reply = await api(ctx, 'PUT', `/v1/listings/${listing}/media`, { body: { ticketUuid } });
      expectTrue(reply.status >= 400 && reply.status < 500, `a reused ticket: expected a 4xx, got ${reply.status} ${reply.text.slice(0, 200)}`);
      expectEqual((await listingUrls(ctx)).length, 2, 'number of images after the refused attach');
    },
  },
  {
    name: 'media: PUT .../media/order with the same URLs reversed reorders them',
    async run(ctx) {
      const listing = need(ctx.listing, '"listing: create"');
      expectTrue(ctx.urls.length === 2, 'depends on the two images, which failed');
      const reversed = [...ctx.urls].reverse();
      const reply = await api(ctx, 'PUT', `/v1/listings/${listing}/media/order`, { body: { urls: reversed } });
      expectOneOf(reply, [200, 204], 'PUT /v1/listings/{uuid}/media/order');
      expectEqual(await listingUrls(ctx), reversed, 'urls after the reorder');
      ctx.urls = reversed;
    },
  },
  {
    name: 'media: DELETE .../media?urls= answers 204 and removes the image',
    async run(ctx) {
      const listing = need(ctx.listing, '"listing: create"');
      const [gone, kept] = ctx.urls;
      if (gone === undefined || kept === undefined) throw new CheckFailure('depends on the two images, which failed');
      expectStatus(await api(ctx, 'DELETE', `/v1/listings/${listing}/media?urls=${encodeURIComponent(gone)}`), 204, 'DELETE media');
      expectEqual(await listingUrls(ctx), [kept], 'urls after the delete');
    },
  },
  {
    name: 'publication: POST .../publications answers {uuid}; the publication and the list show it; it is validated',
    skip: publishSkip,
    async run(ctx) {
      const listing = need(ctx.listing, '"listing: create"');
      const imprintUuid = need(ctx.imprint, 'an imprint ("imprint" or --imprint-uuid)');
      const reply = await api(ctx, 'POST', `/v1/listings/${listing}/publications`, {
        body: { imprintUuid, location: { zipCode: '10115', city: 'Berlin' } },
      });
      expectOneOf(reply, [200, 201, 202], 'POST /v1/listings/{uuid}/publications');
      ctx.publication = uuidOf(reply, 'the publication');
      const all = await api(ctx, 'GET', `/v1/listings/${listing}/publications`);
      expectStatus(all, 200, 'GET /v1/listings/{uuid}/publications');
      expectTrue(list(all.body, 'the publications').some((p) => record(p, 'a publication').uuid === ctx.publication), 'the list holds the new publication');
      expectEqual(await settled(ctx), 'PUBLISHED', 'the status after validation');
    },
  },
  {
    name: 'publication: PUT .../state?requestedState=PAUSED then RESUMED answer 204',
    skip: publishSkip,
    async run(ctx) {
      const path = `/v1/listings/${need(ctx.listing, '"listing: create"')}/publications/${need(ctx.publication, 'the publication')}/state`;
      expectStatus(await api(ctx, 'PUT', `${path}?requestedState=PAUSED`), 204, 'PUT state PAUSED');
      expectEqual((await publication(ctx)).status, 'PAUSED', 'the status after PAUSED');
      expectStatus(await api(ctx, 'PUT', `${path}?requestedState=RESUMED`), 204, 'PUT state RESUMED');
      expectEqual((await publication(ctx)).status, 'PUBLISHED', 'the status after RESUMED');
    },
  },
  {
    name: 'publication: republish with PUT .../publications/{uuid}?requestedState=PUBLISHED and the body {} answers 204',
    skip: publishSkip,
    async run(ctx) {
      const path = `/v1/listings/${need(ctx.listing, '"listing: create"')}/publications/${need(ctx.publication, 'the publication')}`;
      expectStatus(await api(ctx, 'PUT', `${path}?requestedState=PUBLISHED`, { body: {} }), 204, 'PUT republish');
      expectEqual(await settled(ctx), 'PUBLISHED', 'the status after the republish');
    },
  },
  {
    name: 'publication: PUT .../state of an unknown publication is 404 with the documented style-B body',
    async run(ctx) {
      const listing = need(ctx.listing, '"listing: create"');
      const unknown = randomUUID();
      const reply = await api(ctx, 'PUT', `/v1/listings/${listing}/publications/${unknown}/state?requestedState=PAUSED`);
      expectStatus(reply, 404, 'PUT state of an unknown publication');
      const body = record(reply.body, 'the 404 body');
      expectEqual([body.status, body.title, body.detail], [404, 'NOT_FOUND', `Publication ${unknown} not found`], 'status, title, detail');
      expectTrue(typeof body.instance === 'string' && String(body.instance).includes(unknown), 'instance names the publication');
      expectTrue(!('type' in body) && !('localizedTitle' in body), 'style B has no type and no localized* members');
    },
  },
  {
    name: 'listing: DELETE answers 204 and the listing is then 404',
    async run(ctx) {
      const uuid = need(ctx.listing, '"listing: create"');
      expectOneOf(await api(ctx, 'DELETE', `/v1/listings/${uuid}`), [200, 204], 'DELETE /v1/listings/{uuid}');
      ctx.listingDeleted = true;
      expectStatus(await api(ctx, 'GET', `/v1/listings/${uuid}`), 404, 'GET after DELETE');
    },
  },
];

/**
 * The names of the checks, in order.
 *
 * @example
 * console.log(`${CONFORMANCE_CHECKS.length} checks`);
 */
export const CONFORMANCE_CHECKS: readonly string[] = CHECKS.map((c) => c.name);

async function detectFake(ctx: Ctx): Promise<boolean> {
  try {
    const reply = await readReply(await ctx.fetch(`${new URL(ctx.baseUrl).origin}/__fake/`));
    return reply.status === 200 && typeof record(reply.body, 'admin').endpoints === 'object';
  } catch {
    return false;
  }
}

/**
 * Checks the documented behaviours of the Kleinanzeigen API over plain HTTP against any server: the fake, or
 * production with real credentials (then publications, which are live ads, and imprints, which cannot be deleted,
 * run only with `allowPublish`). Deletes the listing it created; never prints the secret or a token.
 *
 * @example
 * const report = await runConformance({ baseUrl: 'http://127.0.0.1:4020/api/goods', clientId, clientSecret, print: console.log });
 * if (report.failed > 0) process.exitCode = 1;
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch {
    throw new ConformanceSetupError(`--base-url ${baseUrl} is not a URL; give the goods API, e.g. http://127.0.0.1:4020/api/goods`);
  }
  const ctx: Ctx = {
    options,
    baseUrl,
    tokenUrl: options.tokenUrl ?? `${origin}/v2/oidc/token`,
    isFake: false,
    publish: options.allowPublish === true,
    pollMs: 0,
    timeoutMs: options.timeoutMs ?? 180_000,
    fetch: options.fetch ?? fetch,
    secrets: [options.clientSecret],
    listingDeleted: false,
    tickets: [],
    urls: [],
    ...(options.imprintUuid === undefined ? {} : { imprint: options.imprintUuid }),
  };
  try {
    await ctx.fetch(ctx.tokenUrl, { method: 'HEAD' });
  } catch (error) {
    throw new ConformanceSetupError(
      `Cannot reach ${ctx.tokenUrl} (${(error as Error).message}). Is the server running? Check --base-url and --token-url.`,
    );
  }
  ctx.isFake = await detectFake(ctx);
  ctx.publish ||= ctx.isFake;
  ctx.pollMs = options.pollMs ?? (ctx.isFake ? 50 : 2000);
  const redact = (message: string) =>
    ctx.secrets.filter((s) => s !== '').reduce((text, secret) => text.split(secret).join('<secret>'), message);
  const report = await runChecks(CHECKS, ctx, { ...(options.print === undefined ? {} : { print: options.print }), redact });
  if (ctx.listing !== undefined && !ctx.listingDeleted)
    await api(ctx, 'DELETE', `/v1/listings/${ctx.listing}`).catch(() => undefined);
  return report;
}
