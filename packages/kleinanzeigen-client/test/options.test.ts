import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKleinanzeigenClient, KleinanzeigenClient, type KleinanzeigenClientOptions } from '../src/index.js';

const SECRET = 'client-secret-5e8d1f0a9b';
const TOKEN = 'eyJhbGciOi.static-token.9c1d';

/** The TypeError the options raise, checked to never contain a secret. */
function refusal(options: unknown): string {
  try {
    createKleinanzeigenClient(options as KleinanzeigenClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    const message = (error as Error).message;
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(TOKEN);
    return message;
  }
  throw new Error('expected createKleinanzeigenClient to refuse the options');
}

describe('createKleinanzeigenClient refuses bad options at once, naming the option and never a secret', () => {
  // Left-out credentials come from the environment: these cases run without them there.
  beforeEach(() => {
    vi.stubEnv('KLEINANZEIGEN_CLIENT_ID', '');
    vi.stubEnv('KLEINANZEIGEN_CLIENT_SECRET', '');
  });
  afterEach(() => void vi.unstubAllEnvs());

  it.each([
    ['options that are not an object', null, 'createKleinanzeigenClient: needs an options object: { clientId, clientSecret } (or { token }, or { getToken })'],
    ['no credentials, none in the environment', { baseUrl: 'https://example.com' }, 'createKleinanzeigenClient: no clientId: pass { clientId } or set the environment variable KLEINANZEIGEN_CLIENT_ID'],
    ['a secret without an id, none in the environment', { clientSecret: SECRET }, 'createKleinanzeigenClient: no clientId: pass { clientId } or set the environment variable KLEINANZEIGEN_CLIENT_ID'],
    ['an id without a secret, none in the environment', { clientId: 'id' }, 'createKleinanzeigenClient: no clientSecret: pass { clientSecret } or set the environment variable KLEINANZEIGEN_CLIENT_SECRET'],
    ['two ways at once', { clientId: 'id', clientSecret: SECRET, token: TOKEN }, 'createKleinanzeigenClient: pass only one way to authenticate, not { clientId, clientSecret } and { token }'],
    ['a tokenUrl with a token', { token: TOKEN, tokenUrl: 'https://example.com/token' }, 'createKleinanzeigenClient: tokenUrl and audience only apply to { clientId, clientSecret }'],
    ['snake_case credentials', { client_id: 'id', client_secret: SECRET }, 'createKleinanzeigenClient: unknown options "client_id", "client_secret"; the options are clientId, clientSecret, tokenUrl, audience, token, getToken, baseUrl, fetch, timeoutMs, retry, userAgent, validate, onWarning, middleware, debug'],
    ['a base URL without a scheme', { token: TOKEN, baseUrl: 'developer.kleinanzeigen.de/api/goods' }, 'createKleinanzeigenClient: baseUrl must be an absolute http(s) URL such as https://developer.kleinanzeigen.de/api/goods'],
    ['a secret pasted as the base URL', { clientId: 'id', clientSecret: SECRET, baseUrl: SECRET }, 'createKleinanzeigenClient: baseUrl must be an absolute http(s) URL such as https://developer.kleinanzeigen.de/api/goods'],
    ['credentials in a URL', { clientId: 'id', clientSecret: SECRET, tokenUrl: `https://id:${SECRET}@example.com/token` }, 'createKleinanzeigenClient: tokenUrl must not carry a user name or password; pass credentials as clientId and clientSecret'],
    ['a token with its scheme', { token: `Bearer ${TOKEN}` }, 'createKleinanzeigenClient: pass the token without its "Bearer " prefix (the client adds it); the token is not shown here'],
    ['a token with a newline', { token: `${TOKEN}\n` }, 'createKleinanzeigenClient: the token contains a control character or another character no header can carry (a newline from copying it?); pass the token alone. It is not shown here.'],
    ['a secret with a newline', { clientId: 'id', clientSecret: `${SECRET}\n` }, 'createKleinanzeigenClient: clientSecret contains a control character (a newline from copying it?); it is not shown here'],
    ['getToken that is not a function', { getToken: TOKEN }, 'createKleinanzeigenClient: getToken must be a function that answers an access token'],
    ['a zero timeout', { token: TOKEN, timeoutMs: 0 }, 'createKleinanzeigenClient: timeoutMs must be a positive number'],
    ['negative retries', { token: TOKEN, retry: { retries: -1 } }, 'createKleinanzeigenClient: retry.retries must be a whole number, 0 or more'],
    ['a misspelt retry setting', { token: TOKEN, retry: { maxDelay: 5 } }, 'createKleinanzeigenClient: unknown retry setting "maxDelay"; the settings are retries, minDelayMs, maxDelayMs'],
    ['an unknown validate mode', { token: TOKEN, validate: 'yes' }, "createKleinanzeigenClient: validate must be true, false, 'strict' or a validator function"],
    ['an empty audience', { clientId: 'id', clientSecret: SECRET, audience: '' }, 'createKleinanzeigenClient: audience must be a non-empty string (default consumer-goods-api)'],
    ['middleware that is not a list', { token: TOKEN, middleware: { onRequest: () => undefined } }, 'createKleinanzeigenClient: middleware must be an array of { onRequest?, onResponse?, onError? } objects'],
    ['a misspelt hook', { token: TOKEN, middleware: [{ onReqest: () => undefined }] }, 'createKleinanzeigenClient: middleware[0]: unknown middleware hook "onReqest"; the hooks are onRequest, onResponse, onError'],
    ['a debug log that is neither', { token: TOKEN, debug: 'yes' }, 'createKleinanzeigenClient: debug must be true, false or a function that receives each line'],
  ])('%s', (_name, options, message) => {
    expect(refusal(options)).toBe(message);
  });

  it('accepts each way to authenticate', () => {
    expect(createKleinanzeigenClient({ clientId: 'id', clientSecret: SECRET })).toBeInstanceOf(KleinanzeigenClient);
    expect(createKleinanzeigenClient({ token: TOKEN, baseUrl: 'http://127.0.0.1:4010/api/goods' })).toBeInstanceOf(KleinanzeigenClient);
    expect(createKleinanzeigenClient({ getToken: () => TOKEN, retry: false, validate: 'strict' })).toBeInstanceOf(KleinanzeigenClient);
    // No timeout at all, and retry settings given in part (undefined keeps the default).
    expect(createKleinanzeigenClient({ token: TOKEN, timeoutMs: Number.POSITIVE_INFINITY, retry: { retries: 1, maxDelayMs: undefined } })).toBeInstanceOf(KleinanzeigenClient);
  });
});
