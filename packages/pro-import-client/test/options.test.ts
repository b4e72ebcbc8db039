import { describe, expect, it } from 'vitest';
import { CarNamespace, createProImportRuntime, type ProImportClientOptions, type ProImportRuntimeOptions } from '../src/core.js';
import { createProImportClient, ProImportClient, proImportValidator } from '../src/index.js';

const TOKEN = 'eyJhbGciOi.pro-import-token.7f3a';

/** The TypeError the options raise at once, checked to never contain the token. */
function refusal(create: () => unknown): string {
  try {
    create();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).not.toContain(TOKEN);
    return (error as Error).message;
  }
  throw new Error('expected the options to be refused');
}

// Before, each of these was taken silently and failed later: a typo ignored, a network error after four retries, a
// timeout of -5 ms, a TypeError from inside the runtime.
describe('createProImportClient refuses bad options at once, naming the option and never the token', () => {
  it.each([
    ['options that are not an object', null, 'createProImportClient: needs an options object: { token }'],
    ['a misspelt option', { token: TOKEN, timeout: 5000 }, 'createProImportClient: unknown option "timeout"; the options are token, baseUrl, fetch, timeoutMs, retry, userAgent, validate, onWarning, middleware, debug'],
    ['the token pasted as an option name', { [TOKEN]: true, token: 'x' }, 'createProImportClient: unknown option "eyJhbGciOi.p..."; the options are token, baseUrl, fetch, timeoutMs, retry, userAgent, validate, onWarning, middleware, debug'],
    ['a base URL that is not one', { token: TOKEN, baseUrl: 'api.blocket.se/pro-import-api' }, 'createProImportClient: baseUrl must be an absolute http(s) URL such as https://api.blocket.se/pro-import-api'],
    ['the token pasted as the base URL', { token: 'x', baseUrl: TOKEN }, 'createProImportClient: baseUrl must be an absolute http(s) URL such as https://api.blocket.se/pro-import-api'],
    ['credentials in the base URL', { token: 'x', baseUrl: `https://dealer:${TOKEN}@api.blocket.se/pro-import-api` }, 'createProImportClient: baseUrl must not carry a user name or password; pass the token as token'],
    ['a negative timeout', { token: TOKEN, timeoutMs: -5 }, 'createProImportClient: timeoutMs must be a positive number'],
    ['negative retries', { token: TOKEN, retry: { retries: -1 } }, 'createProImportClient: retry.retries must be a whole number, 0 or more'],
    ['a misspelt retry setting', { token: TOKEN, retry: { maxDelay: 5 } }, 'createProImportClient: unknown retry setting "maxDelay"; the settings are retries, minDelayMs, maxDelayMs'],
    ['an unknown validate mode', { token: TOKEN, validate: 'yes' }, "createProImportClient: validate must be true, false, 'strict' or a validator function"],
    ['middleware that is not a list', { token: TOKEN, middleware: {} }, 'createProImportClient: middleware must be an array of { onRequest?, onResponse?, onError? } objects'],
    ['a fetch that is not a function', { token: TOKEN, fetch: 'https://proxy' }, 'createProImportClient: fetch must be a function (request) => Promise<Response>'],
  ])('%s', (_name, options, message) => {
    expect(refusal(() => createProImportClient(options as ProImportClientOptions))).toBe(message);
  });

  it('createProImportRuntime names itself, and takes only a validator function for validate', () => {
    expect(refusal(() => createProImportRuntime({ token: TOKEN, timeoutMs: 0 }))).toBe('createProImportRuntime: timeoutMs must be a positive number');
    expect(refusal(() => createProImportRuntime({ token: TOKEN, validate: true } as unknown as ProImportRuntimeOptions))).toBe(
      "createProImportRuntime: validate must be a validator function (proImportValidator() gives the package's)",
    );
  });

  it('accepts what is documented: defaults, partial retry settings, no timeout, retry off, every validate form', () => {
    expect(createProImportClient({ token: TOKEN })).toBeInstanceOf(ProImportClient);
    expect(createProImportClient({ token: TOKEN, retry: { retries: 5, maxDelayMs: undefined }, timeoutMs: Number.POSITIVE_INFINITY })).toBeInstanceOf(ProImportClient);
    for (const validate of [true, false, 'strict', proImportValidator()] as const) expect(createProImportClient({ token: TOKEN, retry: false, validate })).toBeInstanceOf(ProImportClient);
    expect(new CarNamespace(createProImportRuntime({ token: TOKEN, baseUrl: 'http://127.0.0.1:4010/pro-import-api', validate: proImportValidator({ strict: true }) }))).toBeInstanceOf(CarNamespace);
  });
});
