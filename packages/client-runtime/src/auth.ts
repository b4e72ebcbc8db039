/**
 * How a request is authenticated: a token in a header (`X-Auth-Token: <jwt>`), or OAuth 2.0 client credentials
 * (a token fetched, cached and renewed before it expires, and once after a 401). The runtime only sees the
 * `AuthProvider`; secrets stay in its closure.
 */
import { backoffDelay, failedBeforeSending } from './retry.js';
import { sleep } from './sleep.js';

/** What the runtime asks of the authentication. */
export type AuthProvider = {
  /** Headers that authenticate one request; may fetch a token first. */
  headers(signal?: AbortSignal): Record<string, string> | Promise<Record<string, string>>;
  /** After a 401: forget the current credentials. Answers whether one new attempt may succeed (once per call). */
  invalidate?(): boolean;
  /** Values no error, log or returned body may show. */
  secrets(): readonly string[];
};

/** Whether a string has control characters (a pasted secret with a newline). */
function hasControlCharacters(value: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(value);
}

/**
 * Whether a token cannot be a header value: control characters (a pasted token with a newline would break the
 * header, and the platform's error would quote it) or characters beyond Latin-1, which no header can carry.
 */
function unsendable(token: string): boolean {
  return hasControlCharacters(token) || /[^\u0000-\u00ff]/.test(token);
}

/**
 * A fixed token sent as is in one header.
 *
 * @example
 * staticToken({ header: 'X-Auth-Token', token: process.env.PRO_IMPORT_TOKEN!, what: 'createProImportClient' });
 */
export function staticToken(options: { header: string; token: string; scheme?: string; what: string }): AuthProvider {
  const { header, token, scheme, what } = options;
  if (typeof token !== 'string' || token === '') throw new TypeError(`${what} needs a token: pass { token } (not logged anywhere)`);
  if (unsendable(token)) {
    throw new TypeError(`${what}: the token contains a control character or another character no header can carry (a newline from copying it?); pass the token alone. It is not shown here.`);
  }
  const value = scheme === undefined ? token : `${scheme} ${token}`;
  return { headers: () => ({ [header]: value }), secrets: () => [token] };
}

/**
 * A token fetched by the caller (`getToken`), asked again after a 401. An answer that is not a non-empty string,
 * or that has a control character, fails the call with a `TypeError` that does not show it (never retried, never
 * taken for a network error).
 *
 * @example
 * tokenFunction({ header: 'Authorization', scheme: 'Bearer', getToken: () => cache.current(), what: 'createKleinanzeigenClient' });
 */
export function tokenFunction(options: { header: string; scheme?: string; getToken: () => string | Promise<string>; what?: string }): AuthProvider {
  const prefix = options.what === undefined ? '' : `${options.what}: `;
  let last: string | undefined;
  return {
    async headers() {
      const token = await options.getToken();
      if (typeof token !== 'string' || token === '') throw new TypeError(`${prefix}getToken() must answer a non-empty string (the access token)`);
      if (unsendable(token)) {
        throw new TypeError(`${prefix}getToken() answered a token with a control character (a newline from reading a file?); answer the token alone. It is not shown here.`);
      }
      last = token;
      return { [options.header]: options.scheme === undefined ? token : `${options.scheme} ${token}` };
    },
    invalidate: () => true,
    secrets: () => (last === undefined ? [] : [last]),
  };
}

/** Why the token endpoint refused or could not be reached; never shows the client secret. */
export class TokenError extends Error {
  readonly status: number | undefined;
  /** The OAuth error code (`invalid_client`, ...), when the endpoint gave one. */
  readonly code: string | undefined;

  constructor(message: string, init: { status?: number; code?: string; cause?: unknown } = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'TokenError';
    this.status = init.status;
    this.code = init.code;
  }
}

export type ClientCredentialsOptions = {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sent as the `audience` form parameter when set. */
  audience?: string;
  /** Default `Authorization`. */
  header?: string;
  /** Default `Bearer`. */
  scheme?: string;
  fetch?: (request: Request) => Promise<Response>;
  /** A token is renewed this long before it expires. Default 60 000 ms. */
  renewBeforeMs?: number;
  /** Per attempt of the token call. Default 30 000 ms. */
  timeoutMs?: number;
  /** Attempts after the first on network errors, 429 and 5xx. Default 2. */
  retries?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
  /** Names the caller in errors (`createKleinanzeigenClient`). */
  what?: string;
  /** A line per token request (where to, the status, when it expires; never the token or the secret). */
  debug?: (line: string) => void;
};

type Cached = { token: string; expiresAt: number };

/**
 * OAuth 2.0 client credentials (RFC 6749 4.4): posts `grant_type=client_credentials`, the client id and secret (and
 * `audience`) form-encoded to `tokenUrl`, caches the token until shortly before `expires_in` runs out, fetches one
 * token at a time however many calls wait for it, and forgets it after a 401 so the next attempt gets a new one.
 *
 * @example
 * const auth = clientCredentials({ tokenUrl, clientId, clientSecret, audience: 'consumer-goods-api' });
 * await auth.token(); // 'eyJ...'
 */
export function clientCredentials(options: ClientCredentialsOptions): AuthProvider & { token(signal?: AbortSignal): Promise<string> } {
  const what = options.what ?? 'clientCredentials';
  for (const [name, value] of [['clientId', options.clientId], ['clientSecret', options.clientSecret]] as const) {
    if (typeof value !== 'string' || value === '') throw new TypeError(`${what} needs ${name}: pass { clientId, clientSecret } (the secret is not logged anywhere)`);
    if (hasControlCharacters(value)) throw new TypeError(`${what}: ${name} contains a control character (a newline from copying it?); it is not shown here`);
  }
  const header = options.header ?? 'Authorization';
  const scheme = options.scheme ?? 'Bearer';
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const now = options.now ?? Date.now;
  const renewBefore = options.renewBeforeMs ?? 60_000;
  const retries = options.retries ?? 2;
  let cached: Cached | undefined;
  let pending: Promise<Cached> | undefined;

  async function fetchOnce(signal?: AbortSignal): Promise<Cached> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret });
    if (options.audience !== undefined) form.set('audience', options.audience);
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
    const request = new Request(options.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form.toString(),
      signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    });
    const started = now();
    const endpoint = (() => {
      const url = new URL(options.tokenUrl);
      return `${url.origin}${url.pathname}`;
    })();
    options.debug?.(`-> POST ${endpoint} (token request)`);
    const response = await fetchImpl(request);
    options.debug?.(`<- ${response.status} POST ${endpoint} (token request)`);
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    if (!response.ok) {
      const code = typeof record.error === 'string' ? record.error : undefined;
      const description = typeof record.error_description === 'string' ? record.error_description.split(options.clientSecret).join('[redacted]') : undefined;
      const hint = response.status === 401 || code === 'invalid_client' ? ': check the client id and secret' : '';
      throw new TokenError(
        `${what}: the token endpoint answered HTTP ${response.status}${code === undefined ? '' : ` ${code}`}${description === undefined ? '' : ` (${description})`}${hint}`,
        { status: response.status, ...(code === undefined ? {} : { code }) },
      );
    }
    const token = record.access_token;
    const expiresIn = record.expires_in;
    if (typeof token !== 'string' || token === '') throw new TokenError(`${what}: the token endpoint answered without an access_token`, { status: response.status });
    // Sent on, it would break the header, and the platform's error would quote it: refuse it here, unquoted.
    if (unsendable(token)) {
      throw new TokenError(`${what}: the token endpoint answered an access_token with a character no header can carry (a control character?); check tokenUrl. It is not shown here.`, {
        status: response.status,
      });
    }
    const seconds = typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 300;
    return { token, expiresAt: started + seconds * 1000 };
  }

  async function fetchWithRetries(signal?: AbortSignal): Promise<Cached> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await fetchOnce(signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const status = error instanceof TokenError ? error.status : undefined;
        const retryable = status === undefined ? !(error instanceof TokenError) : status === 429 || status >= 500;
        if (!retryable || attempt >= retries) {
          if (error instanceof TokenError) throw error;
          const reason = failedBeforeSending(error) ? 'could not connect' : 'got no answer';
          throw new TokenError(`${what}: ${reason} to the token endpoint ${new URL(options.tokenUrl).origin}; check tokenUrl and the network`, { cause: error });
        }
        await sleep(backoffDelay(attempt, { retries, minDelayMs: 300, maxDelayMs: 5_000 }), signal);
      }
    }
  }

  async function current(signal?: AbortSignal): Promise<string> {
    if (cached !== undefined && now() < cached.expiresAt - renewBefore) return cached.token;
    pending ??= fetchWithRetries(signal).finally(() => {
      pending = undefined;
    });
    cached = await pending;
    return cached.token;
  }

  return {
    token: current,
    async headers(signal) {
      return { [header]: `${scheme} ${await current(signal)}` };
    },
    invalidate() {
      cached = undefined;
      return true;
    },
    secrets: () => [options.clientSecret, ...(cached === undefined ? [] : [cached.token])],
  };
}

