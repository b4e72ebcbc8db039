import { PullError, describeError } from './errors.js';

export type RetryPolicy = {
  /** Total tries per request, the first included. */
  attempts: number;
  /** Delay before the second try; doubles on each further try, plus up to the same again of random jitter. */
  baseDelayMs: number;
  /** Upper bound of one delay, also for a server's Retry-After. */
  maxDelayMs: number;
  /** Statuses worth trying again: rate limiting and gateway trouble are usually gone a moment later. */
  retryStatuses: readonly number[];
};

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  retryStatuses: [429, 500, 502, 503, 504],
};

export type HttpOptions = {
  baseUrl: string;
  auth: { header: string; token: string; tokenEnv: string };
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Injected in tests so backoff does not slow them down. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
  /** Called before each retry, for progress output. */
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
};

export type HttpClient = {
  /** GETs a path relative to the base URL (or an absolute URL) and returns the body text. */
  getText(pathOrUrl: string): Promise<{ text: string; contentType: string }>;
  /** GETs and parses JSON. */
  getJson(pathOrUrl: string): Promise<unknown>;
};

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Absolute URLs are kept; anything else is appended to the base URL, so paths in api.config.json stay relative. */
export function resolveUrl(baseUrl: string, pathOrUrl: string): string {
  if (/^https?:\/\//i.test(pathOrUrl)) return pathOrUrl;
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The delay before try number `attempt + 1` (attempt counts from 1). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(policy.maxDelayMs, Math.round(exponential + random() * exponential));
}

/** The code of a network failure (`ECONNREFUSED`, ...) from fetch's error or its cause, if there is one. */
function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return undefined;
}

function networkReason(error: unknown): string {
  const code = networkCode(error);
  if (code !== undefined) return code;
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause instanceof Error) return describeError(cause);
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  return describeError(error);
}

/**
 * Network failures that trying again cannot fix, with what to check instead: nothing listens at the address, the
 * name does not exist, the certificate is refused, or the request itself cannot be sent. Resets, timeouts and a DNS
 * server that is briefly unavailable (`EAI_AGAIN`) are retried.
 */
const PERMANENT_NETWORK_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'nothing accepts connections at that address: check the host and port in --base-url',
  ENOTFOUND: 'the host name does not exist: check --base-url',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
  ERR_INVALID_URL: 'the URL is not valid: check --base-url and the paths in api.config.json',
  UND_ERR_INVALID_ARG: 'the request cannot be sent as it is (a header value is not valid)',
  ERR_INVALID_CHAR: 'the request cannot be sent as it is (a header value is not valid)',
};

/**
 * An HTTP client for the pull: sends the token header, retries network errors and the statuses of the retry
 * policy with exponential backoff and jitter (honouring Retry-After), and turns every failure into a one-line
 * PullError that names the request but never the token.
 *
 * @example
 * const http = createHttpClient({ baseUrl: 'https://api.example.com', auth: { header: 'X-Auth-Token', token, tokenEnv: 'TOKEN' } });
 * const attributes = await http.getJson('/v4/vehicles/car/attributes');
 */
export function createHttpClient(options: HttpOptions): HttpClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? sleepReal;
  const random = options.random ?? Math.random;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function getText(pathOrUrl: string): Promise<{ text: string; contentType: string }> {
    const url = resolveUrl(options.baseUrl, pathOrUrl);
    const host = new URL(url).host;
    for (let attempt = 1; ; attempt += 1) {
      const last = attempt >= policy.attempts;
      let response: Response;
      try {
        response = await doFetch(url, {
          headers: {
            [options.auth.header]: options.auth.token,
            accept: 'application/json, application/yaml;q=0.9, */*;q=0.5',
          },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const reason = networkReason(error);
        const permanent = PERMANENT_NETWORK_FAILURES[networkCode(error) ?? ''];
        if (permanent !== undefined) {
          // Trying again cannot help: say so at once instead of after every backoff.
          throw new PullError('network', `cannot reach ${host} (${reason}) for GET ${url}: ${permanent}`);
        }
        if (last) {
          throw new PullError(
            'network',
            `cannot reach ${host} (${reason}) for GET ${url} after ${attempt} attempts; check --base-url and your network`,
          );
        }
        const delayMs = backoffDelay(policy, attempt, random);
        options.onRetry?.({ url, attempt, delayMs, reason });
        await sleep(delayMs);
        continue;
      }
      if (response.ok) {
        return { text: await response.text(), contentType: response.headers.get('content-type') ?? '' };
      }
      // The body is not read into messages: servers may echo request headers back.
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 401 || response.status === 403) {
        throw new PullError(
          'auth',
          `the API rejected the token in ${options.auth.tokenEnv} (HTTP ${response.status} on GET ${url}); check that it is current and allowed to read this API`,
        );
      }
      if (!policy.retryStatuses.includes(response.status)) {
        throw new PullError(
          'http',
          `GET ${url} failed with HTTP ${response.status}; check the path in api.config.json or --base-url`,
        );
      }
      if (last) {
        throw new PullError(
          'http',
          `GET ${url} failed with HTTP ${response.status} after ${attempt} attempts; try again later or lower --concurrency`,
        );
      }
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      const delayMs =
        retryAfter === undefined
          ? backoffDelay(policy, attempt, random)
          : Math.min(policy.maxDelayMs, retryAfter);
      options.onRetry?.({ url, attempt, delayMs, reason: `HTTP ${response.status}` });
      await sleep(delayMs);
    }
  }

  async function getJson(pathOrUrl: string): Promise<unknown> {
    const { text } = await getText(pathOrUrl);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new PullError(
        'catalogue',
        `GET ${resolveUrl(options.baseUrl, pathOrUrl)} did not return JSON (${describeError(error)})`,
      );
    }
  }

  return { getText, getJson };
}
