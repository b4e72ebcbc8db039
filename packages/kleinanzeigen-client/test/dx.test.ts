import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiPromise, createKleinanzeigenClient, KleinanzeigenHttpError, KleinanzeigenNotFoundError, KleinanzeigenOutcomeUnknownError, TokenError, type Middleware } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET } from './fake-api.js';
import { clientFor, fakeApi, FAST_RETRY } from './support.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const NEWLINE_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.claims-part\n.signature-part';

function tokenOf(header: string | undefined): string {
  return header?.slice('Bearer '.length) ?? 'missing';
}

describe('response metadata', () => {
  it('withResponse() gives status, headers, request id and attempts; errors carry them too', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    let first = true;
    api.intercept(async (request, next) => {
      if (!request.path.startsWith('/api/goods')) return undefined;
      if (first) {
        first = false;
        return { status: 500, body: { title: 'Internal Server Error', status: 500, detail: 'Boom' } };
      }
      const reply = await next();
      return { ...reply, headers: { ...reply.headers, 'X-Request-Id': `req-${request.path.length}` } };
    });
    const client = clientFor(api);
    const call = client.listings.get(listing.uuid);
    expect(call).toBeInstanceOf(ApiPromise);
    const sent = await call.withResponse();
    expect(sent).toMatchObject({ data: { uuid: listing.uuid }, status: 200, attempts: 2, requestId: expect.stringMatching(/^req-/) });
    const error = await client.listings.get('00000000-0000-0000-0000-000000000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenNotFoundError);
    expect(error).toMatchObject({ status: 404, attempts: 1, requestId: expect.stringMatching(/^req-/) });
    expect((error as KleinanzeigenHttpError).headers?.get('x-request-id')).toMatch(/^req-/);
  });
});

describe('per-call headers and middleware', () => {
  it('middleware sees every goods API attempt without the token; per-call headers are sent; the token header cannot be set', async () => {
    const api = await fakeApi();
    const listing = api.addListing();
    const seen: string[] = [];
    const log: Middleware = {
      onRequest: ({ request, operation, attempt }) => void seen.push(`${operation.name} #${attempt} auth=${request.headers.get('authorization')}`),
      onResponse: ({ response }) => void seen.push(`status ${response.status}`),
    };
    const client = clientFor(api, { middleware: [log] });
    await client.listings.get(listing.uuid, { headers: { 'Accept-Language': 'de-DE' } });
    expect(seen).toEqual(['listings.get #1 auth=null', 'status 200']);
    expect(api.goodsRequests()[0]?.headers['accept-language']).toBe('de-DE');
    expect(api.goodsRequests()[0]?.headers.authorization).toMatch(/^Bearer /);
    await expect(client.listings.get(listing.uuid, { headers: { Authorization: 'Bearer mine' } })).rejects.toThrow('options.headers cannot set "Authorization"');
    expect(client.use({ onRequest: () => undefined })).toBe(client);
  });

  it('a create (sent once) is not sent again after a 500, and the error says the outcome is unknown and what to do', async () => {
    const api = await fakeApi();
    api.intercept((request) => (request.path === '/api/goods/v1/imprints' ? { status: 500, body: { title: 'Internal Server Error', status: 500, detail: 'Boom' } } : undefined));
    const client = clientFor(api);
    const error = await client.imprints.create({ content: 'Muster GmbH' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KleinanzeigenOutcomeUnknownError);
    expect(error).toMatchObject({ operation: 'imprints.create', status: 500, detail: 'Boom', mayHaveArrived: true, attempts: 1 });
    expect((error as Error).message).toBe(
      'POST /v1/imprints: the outcome is unknown: it answered HTTP 500, which can come after the work, and imprints.create is never sent twice; the imprint may or may not exist, and the API cannot list imprints (G-21). A second imprint with the same content does no harm: create it again if you need its uuid',
    );
    expect(((error as Error).cause as Error).message).toBe(
      'POST /v1/imprints failed with HTTP 500: Boom; the server is busy or failing: try again later (not retried: imprints.create is never sent twice once it may have reached the server)',
    );
    expect(api.goodsRequests()).toHaveLength(1);
  });
});

describe('the debug log', () => {
  it('X_DEBUG=kleinanzeigen logs the token request and each attempt, never the token or the secret', async () => {
    vi.stubEnv('X_DEBUG', 'kleinanzeigen');
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
    const api = await fakeApi();
    const listing = api.addListing();
    await clientFor(api).listings.get(listing.uuid);
    const token = tokenOf(api.goodsRequests()[0]?.headers.authorization);
    expect(lines.map((l) => l.replace(/in \d+ ms/, 'in N ms').replace(/:\d+\//, ':PORT/'))).toEqual([
      '[x:kleinanzeigen] -> GET /v1/listings/' + listing.uuid + ' (attempt 1)',
      '[x:kleinanzeigen] -> POST http://127.0.0.1:PORT/v2/oidc/token (token request)',
      '[x:kleinanzeigen] <- 200 POST http://127.0.0.1:PORT/v2/oidc/token (token request)',
      '[x:kleinanzeigen] <- 200 GET /v1/listings/' + listing.uuid + ' in N ms (request id none)',
    ]);
    for (const line of lines) {
      expect(line).not.toContain(token);
      expect(line).not.toContain(CLIENT_SECRET);
    }
  });
});

describe('a token with a control character (issue 10, defect 5)', () => {
  it('from getToken: refused before sending, a TypeError (not a network error), not retried, never shown', async () => {
    const api = await fakeApi();
    const getToken = vi.fn(() => NEWLINE_TOKEN);
    const client = createKleinanzeigenClient({ getToken, baseUrl: api.baseUrl, retry: FAST_RETRY });
    const error = await client.listings.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(KleinanzeigenHttpError);
    expect((error as Error).message).toBe(
      'createKleinanzeigenClient: getToken() answered a token with a control character (a newline from reading a file?); answer the token alone. It is not shown here.',
    );
    expect(getToken).toHaveBeenCalledOnce();
    expect(api.goodsRequests()).toHaveLength(0);
    for (const piece of ['claims-part', 'signature-part']) expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(piece);
  });

  it('from the token endpoint: a TokenError, not retried, never shown', async () => {
    const api = await fakeApi();
    api.intercept((request) => (request.path === '/v2/oidc/token' ? { status: 200, body: { access_token: NEWLINE_TOKEN, token_type: 'bearer', expires_in: 3600 } } : undefined));
    const client = clientFor(api);
    const error = await client.listings.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenError);
    expect((error as Error).message).toBe(
      'createKleinanzeigenClient: the token endpoint answered an access_token with a character no header can carry (a control character?); check tokenUrl. It is not shown here.',
    );
    expect(api.requests.filter((r) => r.path === '/v2/oidc/token')).toHaveLength(1);
    expect(api.goodsRequests()).toHaveLength(0);
    const shown = `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)} ${(error as Error).stack}`;
    for (const piece of ['claims-part', 'signature-part', CLIENT_SECRET]) expect(shown).not.toContain(piece);
  });

  it('as { token }: refused when the client is made, without showing it', () => {
    const error = (() => {
      try {
        createKleinanzeigenClient({ token: NEWLINE_TOKEN });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TypeError);
    for (const piece of ['claims-part', 'signature-part']) expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(piece);
  });

  it('a client secret with a newline is refused when the client is made', () => {
    expect(() => createKleinanzeigenClient({ clientId: CLIENT_ID, clientSecret: `${CLIENT_SECRET}\n` })).toThrow(/clientSecret contains a control character/);
  });
});
