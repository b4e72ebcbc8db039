import { describe, expect, it } from 'vitest';
import { clientCredentials, staticToken, TokenError } from '../src/index.js';
import { fakeFetch } from './fetch.js';

const SECRET = 's3cr3t-client-secret';

describe('staticToken', () => {
  it('sends the token in its header, and refuses one with a control character without showing it', () => {
    expect(staticToken({ header: 'X-Auth-Token', token: 'abc.def.ghi', what: 'test' }).headers()).toEqual({ 'X-Auth-Token': 'abc.def.ghi' });
    const message = (() => {
      try {
        staticToken({ header: 'X-Auth-Token', token: 'abc.def\nghi', what: 'createX' });
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/^createX: the token contains a control character/);
    expect(message).not.toContain('abc.def');
    expect(() => staticToken({ header: 'X', token: '', what: 'createX' })).toThrow('createX needs a token');
  });
});

describe('clientCredentials', () => {
  function tokenServer(options: { expiresIn?: number } = {}) {
    let issued = 0;
    const api = fakeFetch((request) => {
      issued += 1;
      return { body: { access_token: `token-${issued}-${request.body.length}`, token_type: 'bearer', expires_in: options.expiresIn ?? 3600 } };
    });
    return { ...api, issued: () => issued };
  }

  it('posts the documented form (grant_type, client_id, client_secret, audience) and sends the token as Bearer', async () => {
    const server = tokenServer();
    const auth = clientCredentials({ tokenUrl: 'https://auth.test/v2/oidc/token', clientId: 'me', clientSecret: SECRET, audience: 'consumer-goods-api', fetch: server.fetch });
    expect(await auth.headers()).toEqual({ Authorization: expect.stringMatching(/^Bearer token-1-/) });
    const [call] = server.seen;
    expect(call?.method).toBe('POST');
    expect(call?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(call?.body))).toEqual({ grant_type: 'client_credentials', client_id: 'me', client_secret: SECRET, audience: 'consumer-goods-api' });
  });

  it('reuses the token until shortly before it expires, fetching one at a time for concurrent calls', async () => {
    let now = 0;
    const server = tokenServer({ expiresIn: 600 });
    const auth = clientCredentials({ tokenUrl: 'https://auth.test/token', clientId: 'me', clientSecret: SECRET, fetch: server.fetch, now: () => now, renewBeforeMs: 60_000 });
    await Promise.all([auth.token(), auth.token(), auth.token()]);
    expect(server.issued()).toBe(1);
    now = 539_000;
    await auth.token();
    expect(server.issued()).toBe(1);
    now = 541_000;
    await auth.token();
    expect(server.issued()).toBe(2);
  });

  it('forgets the token after a 401 (invalidate) so the next call gets a new one', async () => {
    const server = tokenServer();
    const auth = clientCredentials({ tokenUrl: 'https://auth.test/token', clientId: 'me', clientSecret: SECRET, fetch: server.fetch });
    const first = await auth.token();
    expect(auth.invalidate?.()).toBe(true);
    expect(await auth.token()).not.toBe(first);
  });

  it('a refused client is a TokenError with the OAuth code and never the secret', async () => {
    const api = fakeFetch(() => ({ status: 401, body: { error: 'invalid_client', error_description: `bad secret ${SECRET}` } }));
    const auth = clientCredentials({ tokenUrl: 'https://auth.test/token', clientId: 'me', clientSecret: SECRET, fetch: api.fetch });
    const error = await auth.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).code).toBe('invalid_client');
    expect((error as TokenError).message).toBe('clientCredentials: the token endpoint answered HTTP 401 invalid_client (bad secret [redacted]): check the client id and secret');
    expect(api.seen).toHaveLength(1);
  });

  it('retries a token endpoint that is briefly unavailable', async () => {
    const api = fakeFetch((_r, i) => (i === 0 ? { status: 503 } : { body: { access_token: 'tok-after-503', expires_in: 60 } }));
    const auth = clientCredentials({ tokenUrl: 'https://auth.test/token', clientId: 'me', clientSecret: SECRET, fetch: api.fetch });
    expect(await auth.token()).toBe('tok-after-503');
  });

  it('refuses credentials with control characters at construction, without showing them', () => {
    expect(() => clientCredentials({ tokenUrl: 'https://a.test', clientId: 'me', clientSecret: `${SECRET}\n`, what: 'createK' })).toThrow(
      'createK: clientSecret contains a control character (a newline from copying it?); it is not shown here',
    );
  });
});
