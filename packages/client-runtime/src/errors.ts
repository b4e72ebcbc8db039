/**
 * The base of every error a generated client throws, and the factory through which the runtime creates them: each
 * API's client subclasses `ApiHttpError` (so `instanceof ProImportHttpError` keeps working) and words its messages.
 * No error carries a request, a header or a secret.
 */

import type { OperationInfo } from './middleware.js';

/** The method and the path (ids filled in, relative to the base URL) an error is about. */
export type Where = { method: string; path: string };

export type HttpErrorInit = Where & {
  /** The HTTP status, or undefined when no response arrived (network error, timeout). */
  status?: number;
  /** The parsed response body (JSON when it was JSON, else text), secrets redacted. */
  body?: unknown;
  cause?: unknown;
  /** The response's headers, when a response arrived (secrets redacted). */
  headers?: Headers;
  /** The request id the answer carried (see `requestIdOf`), when it carried one. */
  requestId?: string;
  /** How many attempts were sent before this error. */
  attempts?: number;
  /**
   * Why no further attempt was made, for failures that are retried in general (network errors, timeouts, 429,
   * 5xx): `retries exhausted after 4 attempts`, `not retried: Retry-After 60 s exceeds maxDelayMs 10 s`, ... It
   * is appended to the message in parentheses.
   */
  stopReason?: string;
  /**
   * Whether an attempt of this call may have reached the server and been processed without the client learning
   * the outcome: a request sent whose answer never came (timeout, connection lost), or a 500, 502 or 504 (which can
   * come after the work). A later attempt's answer does not clear it: a 404 to a retried delete after a lost answer
   * may mean the first attempt deleted it.
   */
  mayHaveArrived?: boolean;
};

/** `: <body>` cut to 300 characters, for messages. */
export function describeBody(body: unknown): string {
  if (body === undefined || body === '') return '';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return `: ${text.length > 300 ? `${text.slice(0, 300)}...` : text}`;
}

/**
 * Base class of the errors of every generated client. `status` is undefined when no response arrived.
 *
 * @example
 * try {
 *   await client.listings.get(uuid);
 * } catch (error) {
 *   if (error instanceof ApiHttpError) console.error(error.method, error.path, error.status);
 *   throw error;
 * }
 */
export class ApiHttpError extends Error {
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly body: unknown;
  /**
   * The request id of the answer: the first of the headers the client reads it from (`X-Request-Id`,
   * `Request-Id`, `X-Correlation-Id` unless configured otherwise) that the answer carried; undefined when none did
   * or no answer arrived. Quote it to the API's support.
   */
  readonly requestId: string | undefined;
  /** How many attempts were sent (retries included); undefined when the error was raised before sending. */
  readonly attempts: number | undefined;
  /** Why the client stopped retrying (see `HttpErrorInit.stopReason`); undefined when the failure is not retried in general (a 400, a 404, ...). */
  readonly stopReason: string | undefined;
  /** See `HttpErrorInit.mayHaveArrived`: an attempt may have done the work although the call failed. False when unknown. */
  readonly mayHaveArrived: boolean;
  /** The response's headers (secrets redacted); undefined when no response arrived. Not enumerable, so logs of the error stay short. */
  declare readonly headers: Headers | undefined;

  constructor(message: string, init: HttpErrorInit) {
    super(init.stopReason === undefined ? message : `${message} (${init.stopReason})`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.body = init.body;
    this.requestId = init.requestId;
    this.attempts = init.attempts;
    this.stopReason = init.stopReason;
    this.mayHaveArrived = init.mayHaveArrived === true;
    Object.defineProperty(this, 'headers', { value: init.headers, enumerable: false, writable: false, configurable: true });
  }

  /** A plain object for logs: no request, no headers, no token. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      body: this.body,
      ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
      ...(this.attempts === undefined ? {} : { attempts: this.attempts }),
      ...(this.stopReason === undefined ? {} : { stopReason: this.stopReason }),
      ...(this.mayHaveArrived ? { mayHaveArrived: true } : {}),
    };
  }
}

/** How a client turns what went wrong into its own error classes. */
export type ErrorFactory = {
  /** A non-2xx answer. */
  response(init: HttpErrorInit & { status: number }): Error;
  /** No answer within the attempt's timeout (`init` has no status). */
  timeout(message: string, init: HttpErrorInit): Error;
  /** No answer at all (network), or a 2xx whose body is not JSON. */
  transport(message: string, init: HttpErrorInit): Error;
  /** The client's own validators refused the body before it was sent; `body` is what the server would answer. */
  validation(init: HttpErrorInit & { status: 400 }): Error;
  /**
   * Optional: a call that is sent once (`retry: 'once'`) failed after an attempt that may have done the work (its
   * answer was lost, or a 500/502/504 came): `error` is the failure as the other methods made it. Answer the error
   * to throw instead, one that says the outcome is unknown (without it, `error` is thrown).
   */
  outcomeUnknown?(error: Error, operation: OperationInfo): Error;
};

/**
 * The forms in which a secret can appear in text: as it is, JSON-escaped (an error message that quotes it), and,
 * for a secret with control characters (a pasted token with a newline), each piece between them that is long
 * enough to be recognisable. Secrets shorter than 8 characters (test placeholders, never a real token) are left
 * alone: replacing a letter everywhere would garble every message.
 */
function secretForms(secrets: readonly string[]): string[] {
  // Every answer's headers are redacted with the same one or two secrets: work their forms out once.
  const key = secrets.length === 1 ? (secrets[0] as string) : secrets.join('\u0000');
  if (lastForms !== undefined && lastForms.key === key && lastForms.count === secrets.length) return lastForms.forms;
  const forms = computeForms(secrets);
  lastForms = { key, count: secrets.length, forms };
  return forms;
}

let lastForms: { key: string; count: number; forms: string[] } | undefined;

function computeForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 8) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    for (const piece of secret.split(/[\u0000-\u001f\u007f]+/)) if (piece.length >= 8) forms.add(piece);
  }
  // Longest first, so a piece never breaks up a longer form before it is replaced.
  return [...forms].sort((a, b) => b.length - a.length);
}

function redactText(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted]');
  return out;
}

/**
 * `value` with every occurrence of each secret in its strings (keys included) replaced by `[redacted]` (see
 * `secretForms` for what counts as an occurrence).
 *
 * @example
 * redactSecrets({ echoed: 'Bearer abcdefgh123' }, ['abcdefgh123']); // { echoed: 'Bearer [redacted]' }
 */
export function redactSecrets(value: unknown, secrets: readonly string[]): unknown {
  const forms = secretForms(secrets);
  if (forms.length === 0) return value;
  const redact = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, forms);
    if (Array.isArray(v)) return v.map(redact);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, inner]) => [redact(k) as string, redact(inner)]));
    return v;
  };
  return redact(value);
}

/** `headers` with every secret in their values redacted; the same object when none appears. */
export function redactHeaders(headers: Headers, secrets: readonly string[]): Headers {
  const forms = secretForms(secrets);
  if (forms.length === 0) return headers;
  let found = false;
  const out = new Headers();
  headers.forEach((value, name) => {
    const clean = redactText(value, forms);
    if (clean !== value) found = true;
    out.append(name, clean);
  });
  return found ? out : headers;
}

function mentions(error: unknown, forms: readonly string[], depth: number): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') return false;
  const e = error as { message?: unknown; stack?: unknown; cause?: unknown };
  const texts = [e.message, e.stack].filter((t): t is string => typeof t === 'string');
  return texts.some((t) => redactText(t, forms) !== t) || mentions(e.cause, forms, depth + 1);
}

function cleanCopy(error: unknown, forms: readonly string[], depth: number): unknown {
  if (depth > 5 || error === null || typeof error !== 'object') return error;
  const original = error as { name?: unknown; message?: unknown; stack?: unknown; cause?: unknown; code?: unknown };
  const message = typeof original.message === 'string' ? redactText(original.message, forms) : '';
  const copy = new Error(message, original.cause === undefined ? undefined : { cause: cleanCopy(original.cause, forms, depth + 1) });
  copy.name = typeof original.name === 'string' ? original.name : 'Error';
  copy.stack = typeof original.stack === 'string' ? redactText(original.stack, forms) : `${copy.name}: ${message}`;
  if (typeof original.code === 'string') Object.assign(copy, { code: original.code });
  return copy;
}

/**
 * `error` as it may become the `cause` of an error the client throws: unchanged when no secret appears in its
 * message or stack or in those of its causes; otherwise a copy of the chain (name, message, stack, `code`) with
 * the secrets redacted, so that `util.inspect(error)` and loggers that walk `cause` never print one.
 *
 * @example
 * const cause = redactError(fetchError, auth.secrets());
 */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
  const forms = secretForms(secrets);
  if (forms.length === 0 || !mentions(error, forms, 0)) return error;
  return cleanCopy(error, forms, 0);
}
