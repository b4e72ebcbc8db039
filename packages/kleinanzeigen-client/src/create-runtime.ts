/** The options of both entry points, their checks, and the runtime they build. */
import {
  checkClientOptions,
  checkHttpUrl,
  clientCredentials,
  createRuntime,
  debugLogger,
  NOT_PROCESSED_STATUSES,
  optionError,
  retrySettingsOf,
  settingFromEnv,
  staticToken,
  tokenFunction,
  type AuthProvider,
  type DebugLog,
  type Middleware,
  type PayloadValidator,
  type RetryOptions,
  type RetrySettings,
  type Runtime,
  type WarningHandler,
} from '@x/client-runtime';
import { API } from './generated/api.gen.js';
import { setUploadContext } from './namespaces.js';
import { kleinanzeigenErrors } from './runtime/errors.js';

/**
 * Settings every client takes, whichever way it authenticates.
 *
 * @example
 * const common: CommonClientOptions = { timeoutMs: 10_000, retry: { retries: 5 }, validate: true };
 * createKleinanzeigenClient({ ...common, clientId, clientSecret });
 */
export type CommonClientOptions = {
  /** Default: production, `https://developer.kleinanzeigen.de/api/goods`. */
  baseUrl?: string;
  /** A fetch implementation (tests, proxies, instrumentation); also used for the token and the presigned upload. Default: `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Per attempt of each request. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retry settings, or `false` for none. Default `{ retries: 3, minDelayMs: 300, maxDelayMs: 10_000 }`. */
  retry?: RetryOptions | false;
  /** Sent as `User-Agent` where the platform allows it (browsers do not). */
  userAgent?: string;
  /**
   * `true`: check request bodies with the package's validators before sending and throw the
   * `KleinanzeigenValidationError` the server's 400 would give, without sending. Only the documented rules refuse;
   * the snapshot's reconstructed and inferred rules (PROVENANCE.md) go to `onWarning`. `'strict'`: those refuse too.
   * A function: your own validator. Default `false`.
   */
  validate?: boolean | 'strict' | PayloadValidator;
  /** Called with the warnings of a validated body before it is sent (rules the documentation does not state). */
  onWarning?: WarningHandler;
  /**
   * Hooks around every attempt of every call, retries included, for logging, tracing and metrics: `onRequest`
   * (sees the request without the access token; may answer a new one), `onResponse`, `onError`. `client.use()`
   * adds more. The token request and the presigned upload to the storage are not API calls and do not pass them.
   */
  middleware?: Middleware[];
  /**
   * The debug log: a line per attempt, retry decision and outcome, and per token request (never a header, a body,
   * the token or the secret). `true` writes to stderr, a function receives the lines, `false` turns it off.
   * Default: on when the environment says `X_DEBUG=kleinanzeigen` (or `DEBUG=x:kleinanzeigen`).
   */
  debug?: boolean | DebugLog;
};

/**
 * OAuth 2.0 client credentials: the client fetches a token, caches it, renews it before it expires and once after a
 * 401. The secret stays in a closure; no error, log or serialization of the client shows it.
 *
 * @example
 * createKleinanzeigenClient({ clientId: process.env.KLEINANZEIGEN_CLIENT_ID!, clientSecret: process.env.KLEINANZEIGEN_CLIENT_SECRET! });
 */
export type ClientCredentialsAuth = {
  /** Default: the environment variable `KLEINANZEIGEN_CLIENT_ID` (where the runtime has an environment). */
  clientId?: string;
  /** Default: the environment variable `KLEINANZEIGEN_CLIENT_SECRET`. Kept in a closure, never shown. */
  clientSecret?: string;
  /** Default `https://developer.kleinanzeigen.de/v2/oidc/token`. */
  tokenUrl?: string;
  /** Default `consumer-goods-api`. */
  audience?: string;
  token?: never;
  getToken?: never;
};

/**
 * A fixed access token (you fetched it): sent as `Authorization: Bearer <token>`, never renewed.
 *
 * @example
 * createKleinanzeigenClient({ token: accessToken });
 */
export type StaticTokenAuth = {
  token: string;
  clientId?: never;
  clientSecret?: never;
  tokenUrl?: never;
  audience?: never;
  getToken?: never;
};

/**
 * Your own token source: asked before every request and again after a 401.
 *
 * @example
 * createKleinanzeigenClient({ getToken: () => tokenCache.current() });
 */
export type GetTokenAuth = {
  getToken: () => string | Promise<string>;
  clientId?: never;
  clientSecret?: never;
  tokenUrl?: never;
  audience?: never;
  token?: never;
};

/**
 * The options of `createKleinanzeigenClient`: one way to authenticate (client credentials, a token, or `getToken`)
 * and the common settings.
 *
 * @example
 * const options: KleinanzeigenClientOptions = { clientId, clientSecret, baseUrl: 'http://127.0.0.1:4010/api/goods' };
 */
export type KleinanzeigenClientOptions = CommonClientOptions & (ClientCredentialsAuth | StaticTokenAuth | GetTokenAuth);

/** The credentials' checks (the common settings are `checkClientOptions`'s), errors named after `what`. */
function credentialChecks(what: string) {
  function fail(message: string): never {
    throw optionError(what, message);
  }
  const checkUrl = (name: string, value: unknown, example: string): string => checkHttpUrl(what, name, value, example, CREDENTIALS_HINT);

  /** Which way of authenticating the options chose; refuses none, several, or half of one. */
  function authMode(options: Record<string, unknown>): 'credentials' | 'token' | 'getToken' {
    const given = (key: string) => options[key] !== undefined;
    const modes = [
      ...(given('clientId') || given('clientSecret') ? (['credentials'] as const) : []),
      ...(given('token') ? (['token'] as const) : []),
      ...(given('getToken') ? (['getToken'] as const) : []),
    ];
    // Nothing given: client credentials from the environment (KLEINANZEIGEN_CLIENT_ID, KLEINANZEIGEN_CLIENT_SECRET).
    if (modes.length === 0) return 'credentials';
    if (modes.length > 1) {
      const names = { credentials: '{ clientId, clientSecret }', token: '{ token }', getToken: '{ getToken }' };
      fail(`pass only one way to authenticate, not ${modes.map((m) => names[m]).join(' and ')}`);
    }
    const mode = modes[0] as 'credentials' | 'token' | 'getToken';
    if (mode !== 'credentials' && (given('tokenUrl') || given('audience'))) fail('tokenUrl and audience only apply to { clientId, clientSecret }');
    return mode;
  }

  function authFor(
    mode: 'credentials' | 'token' | 'getToken',
    options: Record<string, unknown>,
    common: { fetch: (r: Request) => Promise<Response>; timeoutMs: number; retry: RetrySettings | false; debug: DebugLog | undefined },
  ): AuthProvider {
    const { header, scheme } = API.auth;
    if (mode === 'getToken') {
      if (typeof options['getToken'] !== 'function') fail('getToken must be a function that answers an access token');
      return tokenFunction({ header, scheme, getToken: options['getToken'] as () => string | Promise<string>, what });
    }
    if (mode === 'token') {
      const token = options['token'];
      if (typeof token === 'string' && /^bearer\s/i.test(token)) fail('pass the token without its "Bearer " prefix (the client adds it); the token is not shown here');
      return staticToken({ header, scheme, token: token as string, what });
    }
    const audience = options['audience'] ?? API.auth.audience;
    if (typeof audience !== 'string' || audience === '') fail(`audience must be a non-empty string (default ${API.auth.audience})`);
    return clientCredentials({
      tokenUrl: checkUrl('tokenUrl', options['tokenUrl'] ?? API.auth.tokenUrl, API.auth.tokenUrl),
      clientId: settingFromEnv({ given: options['clientId'], option: 'clientId', variable: API.auth.clientIdEnv, what }),
      clientSecret: settingFromEnv({ given: options['clientSecret'], option: 'clientSecret', variable: API.auth.clientSecretEnv, what }),
      audience,
      header,
      scheme,
      fetch: common.fetch,
      timeoutMs: common.timeoutMs,
      retries: common.retry === false ? 0 : common.retry.retries,
      what,
      ...(common.debug === undefined ? {} : { debug: common.debug }),
    });
  }

  return { authMode, authFor };
}

/** The credentials' option names, listed first when an unknown option is refused. */
const AUTH_KEYS = ['clientId', 'clientSecret', 'tokenUrl', 'audience', 'token', 'getToken'] as const;
const CREDENTIALS_HINT = 'pass credentials as clientId and clientSecret';

/**
 * The settings of `createKleinanzeigenRuntime`: the client's, with `validate` taking a validator
 * (`kleinanzeigenValidator()` for the package's own).
 *
 * @example
 * const options: KleinanzeigenRuntimeOptions = { clientId, clientSecret, timeoutMs: 10_000 };
 */
export type KleinanzeigenRuntimeOptions = Omit<CommonClientOptions, 'validate'> & { validate?: PayloadValidator } & (ClientCredentialsAuth | StaticTokenAuth | GetTokenAuth);

/**
 * The runtime the namespaces run on, for an app that builds only the namespaces it uses: a bundler then drops the
 * others and the validators (`createKleinanzeigenClient` holds all of them). Options, checks and defaults are the
 * client's; `client.use()` is `runtime.use()`.
 *
 * @example
 * import { ListingsNamespace, createKleinanzeigenRuntime } from '@x/kleinanzeigen-client/core';
 * const listings = new ListingsNamespace(createKleinanzeigenRuntime({ clientId, clientSecret }));
 * const listing = await listings.get(listingUuid);
 */
export function createKleinanzeigenRuntime(options: KleinanzeigenRuntimeOptions = {}): Runtime {
  return runtimeOf(options, 'createKleinanzeigenRuntime', 'runtime', (v) => v as PayloadValidator | undefined);
}

/**
 * @internal The runtime of either entry point: `what` names the caller's function in errors, `validatorOf` turns
 * the checked `validate` option into a validator.
 */
export function runtimeOf(
  given: unknown,
  what: string,
  validateForms: 'client' | 'runtime',
  validatorOf: (validate: unknown) => PayloadValidator | undefined,
): Runtime {
  if (API.auth.type !== 'oauth2-client-credentials') throw new TypeError(`${what}: the API config says this API does not use OAuth client credentials`);
  const options = checkClientOptions(given, {
    what,
    authKeys: AUTH_KEYS,
    needs: '{ clientId, clientSecret } (or { token }, or { getToken })',
    validate: validateForms,
    validatorHint: 'kleinanzeigenValidator()',
  });
  const { authMode, authFor } = credentialChecks(what);
  const mode = authMode(options);
  const fetchImpl = (options['fetch'] as CommonClientOptions['fetch']) ?? ((request: Request) => globalThis.fetch(request));
  const timeoutMs = (options['timeoutMs'] as number | undefined) ?? 30_000;
  const retry = retrySettingsOf(what, options['retry']);
  const baseUrl = checkHttpUrl(what, 'baseUrl', options['baseUrl'] ?? API.baseUrl, API.baseUrl, CREDENTIALS_HINT);
  const debug = debugLogger('kleinanzeigen', options['debug'] as boolean | DebugLog | undefined);
  const auth = authFor(mode, options, { fetch: fetchImpl, timeoutMs, retry, debug });
  const validator = validatorOf(options['validate']);
  const onWarning = options['onWarning'] as WarningHandler | undefined;
  const userAgent = options['userAgent'] as string | undefined;
  const runtime = createRuntime({
    auth,
    errors: kleinanzeigenErrors,
    baseUrl,
    // Without a fetch of the caller's, the runtime calls the platform's with the URL and init (no Request in between).
    ...(options['fetch'] !== undefined ? { fetch: fetchImpl } : {}),
    timeoutMs,
    retry,
    // The gateway's 429 (rate limit) and 503 come before any work: even a create is sent again after them.
    resendOnceAfter: NOT_PROCESSED_STATUSES,
    ...(userAgent !== undefined ? { userAgent } : {}),
    ...(validator !== undefined ? { validator } : {}),
    ...(onWarning !== undefined ? { onWarning } : {}),
    ...(options['middleware'] !== undefined ? { middleware: options['middleware'] as Middleware[] } : {}),
    ...(debug !== undefined ? { debug } : {}),
  });
  setUploadContext(runtime, { fetch: fetchImpl, retry, timeoutMs });
  return runtime;
}
