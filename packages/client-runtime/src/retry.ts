/** Retry settings: `retries` attempts after the first, delays with exponential backoff and full jitter. */
export type RetryOptions = {
  /** Attempts after the first one. Default 3. */
  retries?: number;
  /** Base of the exponential backoff. Default 300 ms. */
  minDelayMs?: number;
  /** Cap of one delay; a `Retry-After` longer than this ends the retries instead. Default 10 000 ms. */
  maxDelayMs?: number;
};

export type RetrySettings = Required<RetryOptions>;

export const DEFAULT_RETRY: RetrySettings = { retries: 3, minDelayMs: 300, maxDelayMs: 10_000 };

/**
 * Statuses worth another attempt of a call that is safe to repeat: rate limited, internal error (often a passing
 * fault of one server), bad gateway, unavailable, gateway timeout. Calls marked as sent once are not repeated after
 * any of them, unless the client lists the status in `RuntimeOptions.resendOnceAfter`.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/**
 * Statuses that say the server did not process the request: 429 (RFC 6585: the client sent too many requests, and
 * is refused) and 503 (RFC 9110: the server is unable to handle the request now). A client whose API answers them
 * before doing any work passes them as `RuntimeOptions.resendOnceAfter`, so even a call that is never sent twice
 * once it may have reached the server (`once`) is sent again after one of them.
 */
export const NOT_PROCESSED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * Statuses after which the server may have done the work although it answered an error: a 500 can come after the
 * write, a gateway's 502 or 504 after the server behind it handled the request. A 429 or 503 says it did not.
 */
export const MAY_HAVE_ARRIVED_STATUSES: ReadonlySet<number> = new Set([500, 502, 504]);

/** `60 s`, `2.5 s`: milliseconds as the seconds a message shows. */
export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Full jitter (AWS architecture blog): a uniform delay in [0, min(max, min * 2^attempt)). */
export function backoffDelay(attempt: number, settings: RetrySettings, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.minDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as milliseconds from `now`: delta-seconds (`120`) or an HTTP-date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Whether a fetch failure certainly happened before the request was sent (the connection was never made).
 * Only undici (Node, Deno's Node layer) says why in `cause.code`; elsewhere this answers false, so requests that
 * must not be repeated are then not repeated.
 */
export function failedBeforeSending(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
