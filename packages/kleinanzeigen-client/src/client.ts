import {
  checkMiddleware,
  clientCredentials,
  createRuntime,
  debugLogger,
  DEFAULT_RETRY,
  lazyValidator,
  staticToken,
  tokenFunction,
  type AuthProvider,
  type DebugLog,
  type Filters,
  type Middleware,
  type PathParams,
  type PayloadValidator,
  type QueryParams,
  type RequestBody,
  type RetryOptions,
  type RetrySettings,
  type Runtime,
  type WarningHandler,
} from '@x/client-runtime';
import { API } from './generated/api.gen.js';
import {
  KleinanzeigenClient as GeneratedClient,
  MediaNamespace as GeneratedMediaNamespace,
  PublicationsNamespace as GeneratedPublicationsNamespace,
  type Addmedia,
  type Createpublication,
  type Getpublication,
  type Updatepublication,
} from './generated/client.gen.js';
import { VALIDATOR_LOADERS } from './generated/resources.gen.js';
import { kleinanzeigenErrors, type Publication } from './runtime/errors.js';
import { uploadMedia, type UploadContext, type UploadData, type UploadOptions } from './runtime/upload.js';
import type { SupportedMediaType } from './runtime/validation/problem.js';
import { waitForPublication, type WaitOptions } from './runtime/waiting.js';

const WHAT = 'createKleinanzeigenClient';

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
  clientId: string;
  clientSecret: string;
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

/**
 * `client.media`: the generated media operations (`requestTicket`, `attach`, `delete`, `reorder`) and `upload`,
 * which does the ticket, the presigned PUT and the attach in one call.
 *
 * @example
 * const urls = await client.media.upload(listingUuid, bytes, 'image/png');
 * await client.media.delete(listingUuid, { urls: [urls[0]!] });
 */
export class MediaNamespace extends GeneratedMediaNamespace {
  readonly #upload: UploadContext;

  /** @internal */
  constructor(rt: Runtime, upload: Omit<UploadContext, 'rt'>) {
    super(rt);
    this.#upload = { rt, ...upload };
  }

  /**
   * Uploads one image to a listing and answers the listing's image URLs afterwards (the new one included). Requests
   * a ticket, PUTs the bytes to its presigned URL (with `Content-Type: <mediaType>` and no credentials: the token
   * never goes to the storage host), then attaches the ticket. An expired ticket (its `expireAt` passed, the storage
   * answers 403, or the attach answers 410) is replaced by a fresh one, at most twice. The attach is sent once: if
   * its answer is lost, the listing is read back and a new URL counts as success. A stream is read to the end
   * first (the PUT needs a length). `mediaType` must be `image/jpeg` or `image/png`; anything else throws
   * `KleinanzeigenUnsupportedMediaTypeError` before any request.
   *
   * @example
   * const urls = await client.media.upload(listingUuid, await readFile('front.jpg'), 'image/jpeg');
   * const cover = urls[0];
   */
  upload(listingUuid: PathParams<Addmedia>['uuid'], data: UploadData, mediaType: SupportedMediaType, options?: UploadOptions): Promise<string[]> {
    return uploadMedia(this.#upload, listingUuid, data, mediaType, options);
  }
}

/**
 * The `requestedState` a republish takes: `PUBLISHED` or `PAUSED`.
 *
 * @example
 * const query: RepublishQuery = { requestedState: 'PAUSED' };
 */
export type RepublishQuery = Filters<QueryParams<Updatepublication>>;

/**
 * `client.publications`: the generated publication operations and the helpers that wait for the asynchronous
 * validation (`createAndWait`, `waitFor`, `republishAndWait`).
 *
 * @example
 * const { uuid } = await client.publications.create(listingUuid, { imprintUuid });
 * const publication = await client.publications.waitFor(listingUuid, uuid);
 */
export class PublicationsNamespace extends GeneratedPublicationsNamespace {
  readonly #rt: Runtime;

  /** @internal */
  constructor(rt: Runtime) {
    super(rt);
    this.#rt = rt;
  }

  /**
   * Publishes a listing under an imprint and waits until the validation is done: answers the publication when it is
   * `PUBLISHED` (or `PAUSED`); rejects with `KleinanzeigenPublicationRejectedError` (`statusReason`) when it is
   * `REJECTED`, `KleinanzeigenPublicationDeletedError` when the listing was deleted meanwhile, and
   * `KleinanzeigenTimeoutError` after `timeoutMs` (default 2 minutes). The create is sent once.
   *
   * @example
   * const publication = await client.publications.createAndWait(listingUuid, { imprintUuid, location: { zipCode: '10115' } });
   * console.log(publication.adId);
   */
  async createAndWait(listingUuid: PathParams<Createpublication>['uuid'], body: RequestBody<Createpublication>, options: WaitOptions = {}): Promise<Publication> {
    const created = await this.create(listingUuid, body, signalOnly(options));
    return waitForPublication(this.#rt, listingUuid, created.uuid, options);
  }

  /**
   * Polls a publication until it leaves `PENDING` (first after `pollMs`, default 500 ms, doubling up to `maxPollMs`,
   * default 5 s), with the outcomes of `createAndWait`.
   *
   * @example
   * const publication = await client.publications.waitFor(listingUuid, publicationUuid, { timeoutMs: 60_000 });
   */
  waitFor(listingUuid: PathParams<Getpublication>['uuid'], publicationUuid: PathParams<Getpublication>['publicationUuid'], options: WaitOptions = {}): Promise<Publication> {
    return waitForPublication(this.#rt, listingUuid, publicationUuid, options);
  }

  /**
   * Republishes a publication (the listing's current content, images included, goes live) with the state it should
   * have afterwards, and waits for the validation like `createAndWait`. The publication is read first, so an answer
   * still showing the state from before the republish is not taken for its outcome.
   *
   * @example
   * await client.listings.update(listingUuid, { price: { type: 'FIXED', amount: 20 } });
   * await client.publications.republishAndWait(listingUuid, publicationUuid, { requestedState: 'PUBLISHED' });
   */
  async republishAndWait(
    listingUuid: PathParams<Updatepublication>['uuid'],
    publicationUuid: PathParams<Updatepublication>['publicationUuid'],
    query: RepublishQuery,
    options: WaitOptions = {},
  ): Promise<Publication> {
    const before = await this.get(listingUuid, publicationUuid, signalOnly(options));
    await this.republish(listingUuid, publicationUuid, {}, query, signalOnly(options));
    return waitForPublication(this.#rt, listingUuid, publicationUuid, options, { changedSince: before.updatedAt });
  }
}

function signalOnly(options: WaitOptions): { signal?: AbortSignal } {
  return options.signal === undefined ? {} : { signal: options.signal };
}

/**
 * The Kleinanzeigen Public API Gateway client: `listings`, `imprints`, `media` (with `upload`) and `publications`
 * (with `createAndWait`, `waitFor`, `republishAndWait`). Create it with `createKleinanzeigenClient`.
 *
 * @example
 * const client: KleinanzeigenClient = createKleinanzeigenClient({ clientId, clientSecret });
 * const listing = await client.listings.get(listingUuid);
 */
export class KleinanzeigenClient extends GeneratedClient {
  override readonly media: MediaNamespace;
  override readonly publications: PublicationsNamespace;

  /** @internal */
  constructor(rt: Runtime, upload: Omit<UploadContext, 'rt'>) {
    super(rt);
    this.media = new MediaNamespace(rt, upload);
    this.publications = new PublicationsNamespace(rt);
  }
}

const COMMON_KEYS = ['baseUrl', 'fetch', 'timeoutMs', 'retry', 'userAgent', 'validate', 'onWarning', 'middleware', 'debug'] as const;
const AUTH_KEYS = ['clientId', 'clientSecret', 'tokenUrl', 'audience', 'token', 'getToken'] as const;
const KNOWN_KEYS: ReadonlySet<string> = new Set([...COMMON_KEYS, ...AUTH_KEYS]);

function fail(message: string): never {
  throw new TypeError(`${WHAT}: ${message}`);
}

/** An absolute http(s) URL without user info (which would travel in every request and every error). */
function checkUrl(name: string, value: unknown, example: string): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) fail(`${name} must be an absolute http(s) URL such as ${example}`);
  if (url.username !== '' || url.password !== '') fail(`${name} must not carry a user name or password; pass credentials as clientId and clientSecret`);
  return value as string;
}

function checkPositive(name: string, value: unknown, allowZero: boolean): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    fail(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number`);
  }
}

function retrySettings(retry: unknown): RetrySettings | false {
  if (retry === undefined) return DEFAULT_RETRY;
  if (retry === false) return false;
  if (retry === null || typeof retry !== 'object') fail('retry must be false or { retries?, minDelayMs?, maxDelayMs? }');
  const settings = { ...DEFAULT_RETRY, ...Object.fromEntries(Object.entries(retry).filter(([, v]) => v !== undefined)) } as RetrySettings;
  if (!Number.isInteger(settings.retries) || settings.retries < 0) fail('retry.retries must be a whole number, 0 or more');
  checkPositive('retry.minDelayMs', settings.minDelayMs, true);
  checkPositive('retry.maxDelayMs', settings.maxDelayMs, true);
  return settings;
}

/** Which way of authenticating the options chose; refuses none, several, or half of one. */
function authMode(options: Record<string, unknown>): 'credentials' | 'token' | 'getToken' {
  const given = (key: string) => options[key] !== undefined;
  const modes = [
    ...(given('clientId') || given('clientSecret') ? (['credentials'] as const) : []),
    ...(given('token') ? (['token'] as const) : []),
    ...(given('getToken') ? (['getToken'] as const) : []),
  ];
  if (modes.length === 0) {
    fail(
      `needs credentials: pass { clientId, clientSecret } (your API client's, e.g. from ${API.auth.clientIdEnv} and ${API.auth.clientSecretEnv}), { token } (an access token you fetched) or { getToken } (a function that answers one)`,
    );
  }
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
    return tokenFunction({ header, scheme, getToken: options['getToken'] as () => string | Promise<string>, what: WHAT });
  }
  if (mode === 'token') {
    const token = options['token'];
    if (typeof token === 'string' && /^bearer\s/i.test(token)) fail('pass the token without its "Bearer " prefix (the client adds it); the token is not shown here');
    return staticToken({ header, scheme, token: token as string, what: WHAT });
  }
  const audience = options['audience'] ?? API.auth.audience;
  if (typeof audience !== 'string' || audience === '') fail(`audience must be a non-empty string (default ${API.auth.audience})`);
  return clientCredentials({
    tokenUrl: checkUrl('tokenUrl', options['tokenUrl'] ?? API.auth.tokenUrl, API.auth.tokenUrl),
    clientId: options['clientId'] as string,
    clientSecret: options['clientSecret'] as string,
    audience,
    header,
    scheme,
    fetch: common.fetch,
    timeoutMs: common.timeoutMs,
    retries: common.retry === false ? 0 : common.retry.retries,
    what: WHAT,
    ...(common.debug === undefined ? {} : { debug: common.debug }),
  });
}

/** Refuses what cannot work, naming the option and never its value (it may be a secret pasted in the wrong place). */
function checkOptions(options: unknown): asserts options is Record<string, unknown> {
  if (options === null || typeof options !== 'object') fail('needs an options object: { clientId, clientSecret } (or { token }, or { getToken })');
  const record = options as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length > 0) {
    const shown = unknown.map((key) => (key.length > 40 ? `${key.slice(0, 12)}...` : key));
    fail(`unknown option${unknown.length > 1 ? 's' : ''} ${shown.map((k) => `"${k}"`).join(', ')}; the options are ${[...AUTH_KEYS, ...COMMON_KEYS].join(', ')}`);
  }
  if (record['fetch'] !== undefined && typeof record['fetch'] !== 'function') fail('fetch must be a function (request) => Promise<Response>');
  if (record['timeoutMs'] !== undefined) checkPositive('timeoutMs', record['timeoutMs'], false);
  const validate = record['validate'];
  if (validate !== undefined && typeof validate !== 'boolean' && validate !== 'strict' && typeof validate !== 'function') fail("validate must be true, false, 'strict' or a validator function");
  if (record['onWarning'] !== undefined && typeof record['onWarning'] !== 'function') fail('onWarning must be a function');
  const middleware = record['middleware'];
  if (middleware !== undefined) {
    if (!Array.isArray(middleware)) fail('middleware must be an array of { onRequest?, onResponse?, onError? } objects');
    for (const [index, mw] of middleware.entries()) {
      try {
        checkMiddleware(mw, `middleware[${index}]`);
      } catch (error) {
        fail((error as Error).message);
      }
    }
  }
  const debug = record['debug'];
  if (debug !== undefined && typeof debug !== 'boolean' && typeof debug !== 'function') fail('debug must be true, false or a function that receives each line');
  const userAgent = record['userAgent'];
  if (userAgent !== undefined && (typeof userAgent !== 'string' || /[\u0000-\u001f\u007f]/.test(userAgent))) fail('userAgent must be a string without control characters');
}

function validatorFor(validate: CommonClientOptions['validate']): PayloadValidator | undefined {
  if (validate === true || validate === 'strict') return lazyValidator(VALIDATOR_LOADERS, { strict: validate === 'strict' });
  return typeof validate === 'function' ? validate : undefined;
}

/**
 * Creates a client for the Kleinanzeigen Public API Gateway (goods API). Pass your API client's `clientId` and
 * `clientSecret` (tokens are then fetched, cached and renewed for you), or a `token`, or `getToken`. Bad options
 * throw a `TypeError` at once, naming the option and never a secret.
 *
 * @example
 * const client = createKleinanzeigenClient({
 *   clientId: process.env.KLEINANZEIGEN_CLIENT_ID!,
 *   clientSecret: process.env.KLEINANZEIGEN_CLIENT_SECRET!,
 * });
 * const { uuid } = await client.listings.create({ title: 'Actionfiguren', category: 'Spielzeug', description: 'Wie neu' });
 */
export function createKleinanzeigenClient(options: KleinanzeigenClientOptions): KleinanzeigenClient {
  if (API.auth.type !== 'oauth2-client-credentials') throw new TypeError(`${WHAT}: the API config says this API does not use OAuth client credentials`);
  checkOptions(options);
  const mode = authMode(options);
  const fetchImpl = (options['fetch'] as CommonClientOptions['fetch']) ?? ((request: Request) => globalThis.fetch(request));
  const timeoutMs = (options['timeoutMs'] as number | undefined) ?? 30_000;
  const retry = retrySettings(options['retry']);
  const baseUrl = checkUrl('baseUrl', options['baseUrl'] ?? API.baseUrl, API.baseUrl);
  const debug = debugLogger('kleinanzeigen', options['debug'] as boolean | DebugLog | undefined);
  const auth = authFor(mode, options, { fetch: fetchImpl, timeoutMs, retry, debug });
  const validator = validatorFor(options['validate'] as CommonClientOptions['validate']);
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
    ...(userAgent !== undefined ? { userAgent } : {}),
    ...(validator !== undefined ? { validator } : {}),
    ...(onWarning !== undefined ? { onWarning } : {}),
    ...(options['middleware'] !== undefined ? { middleware: options['middleware'] as Middleware[] } : {}),
    ...(debug !== undefined ? { debug } : {}),
  });
  return new KleinanzeigenClient(runtime, { fetch: fetchImpl, retry, timeoutMs });
}
