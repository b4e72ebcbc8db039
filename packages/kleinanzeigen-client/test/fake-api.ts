/**
 * A small stateful stand-in for the Kleinanzeigen gateway, over real HTTP, answering as the snapshot documents:
 * the OAuth token endpoint (counts and expires tokens, 401 `invalid_client`), style-A problem bodies, listings,
 * imprints, media tickets with a presigned storage PUT, and publications that go from PENDING to PUBLISHED or
 * REJECTED after a number of reads. Tests bend it with `intercept`.
 */
import { randomUUID } from 'node:crypto';
import { startServer, type Received, type Reply } from './server.js';

export const CLIENT_ID = 'client-4711';
export const CLIENT_SECRET = 'secret-7f3a9c2e5b1d';

export type Listing = {
  uuid: string;
  title?: string | null;
  category?: string | null;
  description?: string | null;
  price?: { type: string; amount: number } | null;
  urls: string[];
  /** Soft-deleted (G-14): not found any more, its publications stay readable. */
  deleted?: boolean;
};

export type Publication = {
  uuid: string;
  listingUuid: string;
  imprintUuid: string;
  status: 'PENDING' | 'PUBLISHED' | 'PAUSED' | 'REJECTED' | 'DELETED';
  statusReason: string | null;
  location: unknown;
  createdAt: string;
  updatedAt: string;
  pendingChanges: boolean;
  adId: string | null;
  /** Where a validation ends when it passes, and how many reads it still takes. */
  target: 'PUBLISHED' | 'PAUSED';
  pollsLeft: number;
};

type Ticket = { uuid: string; mediaType: string; expireAt: number; signature: string; uploaded: boolean; used: boolean };

export type FakeApiOptions = {
  /** `expires_in` of each token, in seconds. Default 3600. */
  expiresIn?: number;
  /** Reads of a PENDING publication before its validation ends. Default 2. */
  pollsUntilDone?: number;
  /** How long the n-th ticket lives (ms; negative: already expired). Default 15 minutes. */
  ticketTtlMs?: (index: number) => number;
};

export type Next = () => Promise<Reply>;
export type Interceptor = (request: Received, next: Next) => Reply | undefined | Promise<Reply | undefined>;

/** Style-A problem details as the gateway writes them (instance without `goods`). */
export function problem(status: number, title: string, detail: string, instance: string, extra: Record<string, unknown> = {}) {
  return { type: 'about:blank', title, status, detail, instance, ...extra, localizedTitle: '', localizedDetail: '', localizedMessage: '' };
}

export async function startFakeApi(options: FakeApiOptions = {}) {
  const expiresIn = options.expiresIn ?? 3600;
  const pollsUntilDone = options.pollsUntilDone ?? 2;
  const ticketTtl = options.ticketTtlMs ?? (() => 15 * 60_000);
  const tokens = new Map<string, number>();
  const listings = new Map<string, Listing>();
  const publications = new Map<string, Publication>();
  const tickets = new Map<string, Ticket>();
  const storage = new Map<string, { bytes: Buffer; contentType: string | undefined; authorization: string | undefined }>();
  const interceptors: Interceptor[] = [];
  const counts = { tokens: 0, tickets: 0 };
  let origin = '';

  const now = () => new Date().toISOString();
  const instanceOf = (path: string) => path.replace('/api/goods', '/api');
  const notFound = (request: Received, what: string) => ({ status: 404, body: problem(404, 'Not Found', `${what} not found`, instanceOf(request.path)) });

  function token(request: Received): Reply {
    const form = (request.body ?? {}) as Record<string, string>;
    if (form.grant_type !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
    if (form.client_id !== CLIENT_ID || form.client_secret !== CLIENT_SECRET) {
      // A careless server that echoes what it got: the client must not pass the secret on.
      return { status: 401, body: { error: 'invalid_client', error_description: `Client authentication failed for secret ${form.client_secret}` } };
    }
    if (form.audience !== 'consumer-goods-api') return { status: 400, body: { error: 'invalid_request', error_description: 'audience must be consumer-goods-api' } };
    counts.tokens += 1;
    const value = `eyJ.token-${counts.tokens}.${randomUUID()}`;
    tokens.set(value, Date.now() + expiresIn * 1000);
    return { body: { access_token: value, token_type: 'bearer', expires_in: expiresIn } };
  }

  function authorized(request: Received): boolean {
    const header = request.headers.authorization ?? '';
    const value = header.startsWith('Bearer ') ? header.slice(7) : '';
    const expiresAt = tokens.get(value);
    return expiresAt !== undefined && Date.now() < expiresAt;
  }

  function settle(publication: Publication): void {
    if (publication.status !== 'PENDING') return;
    publication.pollsLeft -= 1;
    if (publication.pollsLeft > 0) return;
    const listing = listings.get(publication.listingUuid);
    const missing = ['title', 'description', 'category', 'price'].filter((key) => listing?.[key as keyof Listing] == null);
    publication.updatedAt = now();
    if (missing.length > 0) {
      publication.status = 'REJECTED';
      publication.statusReason = `The listing lacks: ${missing.join(', ')}`;
      return;
    }
    publication.status = publication.target;
    publication.statusReason = null;
    publication.adId ??= String(2_000_000_000 + publications.size);
  }

  function media(request: Received, listing: Listing): Reply {
    const { ticketUuid } = (request.body ?? {}) as { ticketUuid?: string };
    const ticket = ticketUuid === undefined ? undefined : tickets.get(ticketUuid);
    const instance = instanceOf(request.path);
    if (ticket === undefined) return notFound(request, 'Ticket');
    if (ticket.used) return { status: 409, body: problem(409, 'Conflict', 'Ticket already used', instance) };
    if (Date.now() >= ticket.expireAt) return { status: 410, body: problem(410, 'Gone', 'Ticket expired', instance) };
    if (!ticket.uploaded) return { status: 400, body: problem(400, 'Bad Request', 'The file of the ticket was never uploaded', instance) };
    ticket.used = true;
    listing.urls.push(`https://img.example/${ticket.uuid}.${ticket.mediaType === 'image/png' ? 'png' : 'jpg'}`);
    return { status: 204 };
  }

  function publicationRoutes(request: Received, listing: Listing, rest: string[]): Reply {
    const [publicationUuid, tail] = rest;
    if (publicationUuid === undefined) {
      if (request.method === 'GET') return { body: [...publications.values()].filter((p) => p.listingUuid === listing.uuid).map(view) };
      const body = (request.body ?? {}) as { imprintUuid: string; location?: unknown };
      const publication: Publication = {
        uuid: randomUUID(),
        listingUuid: listing.uuid,
        imprintUuid: body.imprintUuid,
        status: 'PENDING',
        statusReason: null,
        location: body.location ?? null,
        createdAt: now(),
        updatedAt: now(),
        pendingChanges: false,
        adId: null,
        target: 'PUBLISHED',
        pollsLeft: pollsUntilDone,
      };
      publications.set(publication.uuid, publication);
      return { status: 202, body: { uuid: publication.uuid } };
    }
    const publication = publications.get(publicationUuid);
    if (publication === undefined || publication.listingUuid !== listing.uuid) return notFound(request, 'Publication');
    if (tail === undefined && request.method === 'GET') {
      settle(publication);
      return { body: view(publication) };
    }
    if (tail === undefined && request.method === 'PUT') {
      const state = request.query.requestedState;
      if (state !== 'PUBLISHED' && state !== 'PAUSED') return { status: 400, body: { status: 400, title: 'BAD_REQUEST', detail: 'requestedState must be PUBLISHED or PAUSED', instance: instanceOf(request.url) } };
      publication.status = 'PENDING';
      publication.target = state;
      publication.pollsLeft = pollsUntilDone;
      publication.updatedAt = now();
      return { status: 204 };
    }
    if (tail === 'state' && request.method === 'PUT') {
      const state = request.query.requestedState;
      if (publication.status === 'PENDING') return { status: 409, body: { status: 409, title: 'CONFLICT', detail: `Publication ${publication.uuid} is being validated`, instance: instanceOf(request.url) } };
      publication.status = state === 'PAUSED' ? 'PAUSED' : 'PUBLISHED';
      publication.updatedAt = now();
      return { status: 204 };
    }
    return { status: 405 };
  }

  function goods(request: Received): Reply {
    if (!authorized(request)) return { status: 401, body: problem(401, 'Unauthorized', 'Invalid or expired token', instanceOf(request.path)) };
    const segments = request.path.replace('/api/goods/v1/', '').split('/');
    const [resource, uuid, sub, ...rest] = segments;
    if (resource === 'imprints' && request.method === 'POST') return { status: 201, body: { uuid: randomUUID() } };
    if (resource === 'media' && request.method === 'POST') {
      const { mediaType } = (request.body ?? {}) as { mediaType?: string };
      if (mediaType !== 'image/jpeg' && mediaType !== 'image/png') {
        return { status: 415, body: problem(415, 'Unsupported Media Type', `Unsupported media type: '${mediaType}'. Supported types are: image/jpeg, image/png`, '/api/v1/media') };
      }
      const ticket: Ticket = { uuid: randomUUID(), mediaType, expireAt: Date.now() + ticketTtl(counts.tickets), signature: randomUUID(), uploaded: false, used: false };
      counts.tickets += 1;
      tickets.set(ticket.uuid, ticket);
      const signedPutUrl = `${origin}/storage/${ticket.uuid}?X-Amz-Signature=${ticket.signature}`;
      return { status: 201, body: { ticketUuid: ticket.uuid, signedPutUrl, expireAt: new Date(ticket.expireAt).toISOString() } };
    }
    if (resource !== 'listings') return { status: 404, body: problem(404, 'Not Found', 'No such endpoint', instanceOf(request.path)) };
    if (uuid === undefined) {
      if (request.method !== 'POST') return { status: 405 };
      const listing: Listing = { ...(request.body as object), uuid: randomUUID(), urls: [] };
      listings.set(listing.uuid, listing);
      return { status: 201, body: { uuid: listing.uuid } };
    }
    const listing = listings.get(uuid);
    const readsPublication = sub === 'publications' && rest.length === 1 && request.method === 'GET';
    if (listing === undefined || (listing.deleted === true && !readsPublication)) return { status: 404, body: problem(404, 'Not Found', 'Listing not found', instanceOf(request.path)) };
    if (sub === 'media' && rest.length === 0 && request.method === 'PUT') return media(request, listing);
    if (sub === 'publications') return publicationRoutes(request, listing, rest);
    if (sub !== undefined) return { status: 404 };
    if (request.method === 'GET') {
      const { deleted: _deleted, ...shown } = listing;
      return { body: { userId: 'user-1', ...shown } };
    }
    if (request.method === 'PUT') {
      Object.assign(listing, request.body as object);
      return { status: 204 };
    }
    if (request.method === 'DELETE') {
      listing.deleted = true;
      for (const publication of publications.values()) if (publication.listingUuid === uuid) publication.status = 'DELETED';
      return { status: 204 };
    }
    return { status: 405 };
  }

  function store(request: Received): Reply {
    const ticket = tickets.get(request.path.slice('/storage/'.length));
    if (ticket === undefined || request.query['X-Amz-Signature'] !== ticket.signature) return { status: 403, body: '<Error><Code>SignatureDoesNotMatch</Code></Error>' };
    if (Date.now() >= ticket.expireAt) return { status: 403, body: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>' };
    ticket.uploaded = true;
    storage.set(ticket.uuid, { bytes: request.bytes, contentType: request.headers['content-type'], authorization: request.headers.authorization });
    return { status: 200 };
  }

  async function handle(request: Received): Promise<Reply> {
    if (request.path === '/v2/oidc/token' && request.method === 'POST') return token(request);
    if (request.path.startsWith('/storage/') && request.method === 'PUT') return store(request);
    if (request.path.startsWith('/api/goods/v1/')) return goods(request);
    return { status: 404 };
  }

  const server = await startServer(async (request) => {
    const chain = (index: number): Promise<Reply> => {
      const interceptor = interceptors[index];
      if (interceptor === undefined) return handle(request);
      return Promise.resolve(interceptor(request, () => chain(index + 1))).then((reply) => reply ?? chain(index + 1));
    };
    return chain(0);
  });
  origin = server.origin;

  return {
    origin,
    baseUrl: `${origin}/api/goods`,
    tokenUrl: `${origin}/v2/oidc/token`,
    requests: server.requests,
    listings,
    publications,
    tickets,
    storage,
    counts,
    /** Goods-API requests (not the token endpoint, not the storage). */
    goodsRequests: (method?: string, pathEnd?: string) =>
      server.requests.filter((r) => r.path.startsWith('/api/goods/') && (method === undefined || r.method === method) && (pathEnd === undefined || r.path.endsWith(pathEnd))),
    /** Every issued token stops working (the server restarted its key, or they all expired). */
    revokeTokens: () => tokens.clear(),
    /** Runs before the API's own handling; answer to replace it, `undefined` to pass, or call `next()` to do both. */
    intercept: (interceptor: Interceptor) => interceptors.push(interceptor),
    /** A listing as a test wants it, owned by the client. */
    addListing: (fields: Partial<Listing> = {}): Listing => {
      const listing: Listing = { uuid: randomUUID(), title: 'Actionfiguren', category: 'Spielzeug', description: 'Wie neu', price: { type: 'FIXED', amount: 25 }, urls: [], ...fields };
      listings.set(listing.uuid, listing);
      return listing;
    },
    close: server.close,
  };
}

export type FakeApi = Awaited<ReturnType<typeof startFakeApi>>;

function view(publication: Publication) {
  const { target: _target, pollsLeft: _pollsLeft, ...rest } = publication;
  return rest;
}
