/**
 * The base of every error a generated client throws, and the factory through which the runtime creates them: each
 * API's client subclasses `ApiHttpError` (so `instanceof ProImportHttpError` keeps working) and words its messages.
 * No error carries a request, a header or a secret.
 */

/** The method and the path (ids filled in, relative to the base URL) an error is about. */
export type Where = { method: string; path: string };

export type HttpErrorInit = Where & {
  /** The HTTP status, or undefined when no response arrived (network error, timeout). */
  status?: number;
  /** The parsed response body (JSON when it was JSON, else text), secrets redacted. */
  body?: unknown;
  cause?: unknown;
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

  constructor(message: string, init: HttpErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.body = init.body;
  }

  /** A plain object for logs: no request, no headers, no token. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, method: this.method, path: this.path, status: this.status, body: this.body };
  }
}

/** How a client turns what went wrong into its own error classes. */
export type ErrorFactory = {
  /** A non-2xx answer. */
  response(init: HttpErrorInit & { status: number }): Error;
  /** No answer within the attempt's timeout. */
  timeout(message: string, where: Where): Error;
  /** No answer at all (network), or a 2xx whose body is not JSON. */
  transport(message: string, init: HttpErrorInit): Error;
  /** The client's own validators refused the body before it was sent; `body` is what the server would answer. */
  validation(init: HttpErrorInit & { status: 400 }): Error;
};

/**
 * `value` with every occurrence of each secret in its strings (keys included) replaced by `[redacted]`. Secrets
 * shorter than 8 characters (test placeholders, never a real token) are left alone: replacing a letter everywhere
 * would garble every message.
 */
export function redactSecrets(value: unknown, secrets: readonly string[]): unknown {
  const real = secrets.filter((s) => s.length >= 8);
  if (real.length === 0) return value;
  const redact = (v: unknown): unknown => {
    if (typeof v === 'string') return real.reduce((text, secret) => text.split(secret).join('[redacted]'), v);
    if (Array.isArray(v)) return v.map(redact);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, inner]) => [redact(k) as string, redact(inner)]));
    return v;
  };
  return redact(value);
}
