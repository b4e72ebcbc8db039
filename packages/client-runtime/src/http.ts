/**
 * The runtime every generated client calls: builds the URL and the JSON body, authenticates, times each attempt
 * out, retries what may be retried (backoff with jitter, `Retry-After`), renews credentials once after a 401,
 * validates bodies before sending when asked, and turns failures into the client's own errors with every secret
 * redacted. Plain `fetch`, nothing else.
 */
import type { AuthProvider } from './auth.js';
import { redactSecrets, type ErrorFactory, type Where } from './errors.js';
import type { OperationSpec } from './operation.js';
import type { PayloadValidator, WarningHandler } from './prevalidate.js';
import { backoffDelay, failedBeforeSending, parseRetryAfter, RETRYABLE_STATUSES, type RetrySettings } from './retry.js';
import { sleep } from './sleep.js';
import type { CallOptions } from './types.js';

export type CallInput = {
  path?: Readonly<Record<string, string | number>>;
  query?: Readonly<Record<string, unknown>>;
  body?: unknown;
};

/** A success: the parsed body (undefined for an empty one) and the response's status and headers. */
export type Sent<T> = { data: T; status: number; headers: Headers };

/** Query values as strings: each API says how it writes a `Date` or a list. */
export type QuerySerializer = (query: Readonly<Record<string, unknown>> | undefined) => Record<string, string | number | boolean>;

/**
 * A create was sent again after an attempt whose answer was lost, and the server refused it: the caller's own first
 * attempt may be the reason (a client-chosen id now taken). Answers the stored resource when it is the caller's, or
 * undefined to throw the error. Only called for operations with retry policy `create`.
 */
export type AmbiguousCreateResolver = (context: {
  op: OperationSpec;
  input: CallInput;
  error: Error;
  status: number;
  body: unknown;
  runtime: Runtime;
  callOptions: CallOptions;
}) => Promise<Sent<unknown> | undefined>;

export type RuntimeOptions = {
  baseUrl: string;
  auth: AuthProvider;
  errors: ErrorFactory;
  fetch: (request: Request) => Promise<Response>;
  timeoutMs: number;
  retry: RetrySettings | false;
  userAgent?: string;
  validator?: PayloadValidator;
  onWarning?: WarningHandler;
  serializeQuery?: QuerySerializer;
  resolveAmbiguousCreate?: AmbiguousCreateResolver;
  /** For tests of the jitter; Math.random otherwise. */
  random?: () => number;
};

/** What the generated client and the helpers call. Holds the credentials in a closure; nothing on it exposes them. */
export type Runtime = {
  readonly baseUrl: string;
  /** How this API writes query values (for helpers that build URLs, such as pagination). */
  readonly serializeQuery: QuerySerializer;
  call<T>(op: OperationSpec, input: CallInput, options?: CallOptions): Promise<T>;
  send<T>(op: OperationSpec, input: CallInput, options?: CallOptions): Promise<Sent<T>>;
  /** Sends `op` to a URL the server gave (a `next` link), relative to the base URL and with its query. */
  sendTo<T>(op: OperationSpec, relativeUrl: string, options?: CallOptions): Promise<Sent<T>>;
};

/** Strings, numbers and booleans as they are, lists comma separated, `Date` as ISO 8601, `undefined` dropped. */
export const defaultQuerySerializer: QuerySerializer = (query) => {
  const out: Record<string, string | number | boolean> = {};
  if (query === undefined) return out;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (value instanceof Date) out[key] = value.toISOString();
    else if (Array.isArray(value)) out[key] = value.map(String).join(',');
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else throw new TypeError(`query parameter "${key}" must be a string, number, boolean, Date or array, got ${typeof value}`);
  }
  return out;
};

/** `/v4/car/{source_id}` + `{source_id: 'a b'}` -> `/v4/car/a%20b`: the path errors name. */
export function fillPath(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : encodeURIComponent(String(value));
  });
}

function queryString(values: Record<string, string | number | boolean>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

type Attempt = { ok: boolean; data: unknown; status: number; headers: Headers };

class AttemptTimeout extends Error {}
class NotJson extends Error {}
/** The authentication could not give headers (a token endpoint refused): rethrown as it is, never retried here. */
class AuthFailure extends Error {}

/** Builds the runtime of one client. */
export function createRuntime(options: RuntimeOptions): Runtime {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const random = options.random ?? Math.random;
  const serializeQuery = options.serializeQuery ?? defaultQuerySerializer;
  const { auth, errors } = options;

  async function attemptOnce(op: OperationSpec, url: string, body: unknown, timeoutMs: number, signal?: AbortSignal): Promise<Attempt> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new AttemptTimeout()), timeoutMs);
    try {
      let authHeaders: Record<string, string>;
      try {
        authHeaders = await auth.headers(controller.signal);
      } catch (error) {
        throw new AuthFailure('authentication failed', { cause: error });
      }
      const headers = new Headers(authHeaders);
      headers.set('Accept', 'application/json');
      if (options.userAgent !== undefined) headers.set('User-Agent', options.userAgent);
      const init: RequestInit = { method: op.method, headers, signal: controller.signal };
      if (body !== undefined) {
        headers.set('Content-Type', 'application/json');
        init.body = JSON.stringify(body);
      }
      const response = await options.fetch(new Request(url, init));
      const text = await response.text();
      let data: unknown;
      if (text !== '') {
        try {
          data = JSON.parse(text);
        } catch (error) {
          if (response.ok) throw new NotJson('not JSON', { cause: error });
          data = text;
        }
      }
      return { ok: response.ok, data, status: response.status, headers: response.headers };
    } catch (error) {
      if (controller.signal.reason instanceof AttemptTimeout && !signal?.aborted) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The retry loop around one logical call. `where` is the method and path errors name. */
  async function sendWithRetries<T>(op: OperationSpec, url: string, input: CallInput, where: Where, callOptions: CallOptions = {}): Promise<Sent<T>> {
    const signal = callOptions.signal;
    const timeoutMs = callOptions.timeoutMs ?? options.timeoutMs;
    const settings = options.retry;
    const retries = settings === false ? 0 : settings.retries;
    // Whether an earlier attempt may have reached the server without us seeing the answer.
    let mayHaveArrived = false;
    let renewed = false;
    for (let attempt = 0; ; attempt += 1) {
      signal?.throwIfAborted();
      let result: Attempt;
      try {
        result = await attemptOnce(op, url, input.body, timeoutMs, signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        // A 2xx whose body is not JSON (a proxy's HTML page): the server answered, so this is not a network error.
        if (error instanceof NotJson) {
          throw errors.transport(`${where.method} ${where.path} answered with a body that is not JSON; check baseUrl (a proxy or login page?)`, { ...where, cause: error.cause });
        }
        // The authentication itself failed (its own retries are done): nothing was sent.
        if (error instanceof AuthFailure) throw error.cause;
        const timedOut = error instanceof AttemptTimeout;
        const notSent = !timedOut && failedBeforeSending(error);
        const failure = timedOut
          ? errors.timeout(`${where.method} ${where.path} got no response within ${timeoutMs} ms; raise timeoutMs or try again later`, where)
          : errors.transport(`${where.method} ${where.path} failed before any response (network error); check the connection and baseUrl`, { ...where, cause: error });
        const allowed = op.retry !== 'once' || notSent;
        if (!allowed || attempt >= retries || settings === false) throw failure;
        if (!notSent) mayHaveArrived = true;
        await sleep(backoffDelay(attempt, settings, random), signal);
        continue;
      }
      if (result.ok) return { data: result.data as T, status: result.status, headers: result.headers };
      // Expired or revoked credentials: renew once (for OAuth, a new token) and send again; the server refused
      // the request, so sending it again cannot do anything twice.
      if (result.status === 401 && !renewed && auth.invalidate?.() === true) {
        renewed = true;
        attempt -= 1;
        continue;
      }
      if (settings !== false && op.retry !== 'once' && RETRYABLE_STATUSES.has(result.status) && attempt < retries) {
        const retryAfter = parseRetryAfter(result.headers.get('Retry-After'));
        if (retryAfter === undefined || retryAfter <= settings.maxDelayMs) {
          // A gateway error may come after the server did the work; a 429 or 503 says it did not.
          if (result.status === 502 || result.status === 504) mayHaveArrived = true;
          await sleep(retryAfter ?? backoffDelay(attempt, settings, random), signal);
          continue;
        }
      }
      // A proxy or gateway may echo request headers in its error page: no secret may reach the error.
      const body = redactSecrets(result.data, auth.secrets());
      const error = errors.response({ ...where, status: result.status, body });
      if (op.retry === 'create' && mayHaveArrived && options.resolveAmbiguousCreate !== undefined) {
        const resolved = await options.resolveAmbiguousCreate({ op, input, error, status: result.status, body, runtime, callOptions });
        if (resolved !== undefined) return resolved as Sent<T>;
      }
      throw error;
    }
  }

  async function prevalidate(op: OperationSpec, input: CallInput, where: Where): Promise<void> {
    if (op.validate === undefined || options.validator === undefined) return;
    const outcome = await options.validator(op.validate.resource, op.validate.kind, input.body);
    if (outcome.warnings !== undefined && outcome.warnings.length > 0 && options.onWarning !== undefined) {
      options.onWarning(outcome.warnings, { ...where, resource: op.validate.resource, kind: op.validate.kind });
    }
    if (!outcome.success) throw errors.validation({ ...where, status: 400, body: outcome.errors });
  }

  const runtime: Runtime = {
    baseUrl,
    serializeQuery,
    async send<T>(op: OperationSpec, input: CallInput, callOptions?: CallOptions): Promise<Sent<T>> {
      const path = fillPath(op.path, input.path);
      const where = { method: op.method, path };
      await prevalidate(op, input, where);
      return sendWithRetries<T>(op, `${baseUrl}${path}${queryString(serializeQuery(input.query))}`, input, where, callOptions);
    },
    async call<T>(op: OperationSpec, input: CallInput, callOptions?: CallOptions): Promise<T> {
      return (await runtime.send<T>(op, input, callOptions)).data;
    },
    async sendTo<T>(op: OperationSpec, relativeUrl: string, callOptions?: CallOptions): Promise<Sent<T>> {
      const where = { method: op.method, path: relativeUrl.split('?')[0] ?? relativeUrl };
      return sendWithRetries<T>(op, `${baseUrl}${relativeUrl}`, {}, where, callOptions);
    },
  };
  return runtime;
}
