/**
 * The runtime every generated client calls: builds the URL and the JSON body, runs the middleware, authenticates,
 * times each attempt out, retries what may be retried (backoff with jitter, `Retry-After`), renews credentials once
 * after a 401, validates bodies before sending when asked, writes the debug log, and turns failures into the
 * client's own errors with every secret redacted and the reason retries stopped. Plain `fetch`, nothing else.
 */
import { ApiPromise, type Sent } from './api-promise.js';
import type { AuthProvider } from './auth.js';
import type { DebugLog } from './debug.js';
import { redactError, redactHeaders, redactSecrets, type ErrorFactory, type Where } from './errors.js';
import { checkMiddleware, type Middleware, type OperationInfo } from './middleware.js';
import type { OperationSpec } from './operation.js';
import type { PayloadValidator, WarningHandler } from './prevalidate.js';
import {
  backoffDelay,
  failedBeforeSending,
  formatSeconds,
  MAY_HAVE_ARRIVED_STATUSES,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  type RetrySettings,
} from './retry.js';
import { sleep } from './sleep.js';
import type { CallOptions } from './types.js';

export type { Sent } from './api-promise.js';

export type CallInput = {
  path?: Readonly<Record<string, string | number>>;
  query?: Readonly<Record<string, unknown>>;
  body?: unknown;
};

/** Query values as strings: each API says how it writes a `Date` or a list. */
export type QuerySerializer = (query: Readonly<Record<string, unknown>> | undefined) => Record<string, string | number | boolean>;

/**
 * A create may have reached the server without the caller seeing the answer (a lost response, a timeout, a 500 or
 * a gateway error after the server did the work), and the call is about to fail: a retry was refused (a
 * client-chosen id now taken, by our own first attempt?) or the retries ran out. Answers the stored resource when
 * it is the caller's, undefined to throw `error`, or throws an error of its own (the outcome could not be
 * decided). Only called for operations with retry policy `create`. `status` and `body` are those of the last
 * answer; `status` is undefined when the last attempt got none.
 */
export type AmbiguousCreateResolver = (context: {
  op: OperationSpec;
  input: CallInput;
  error: Error;
  status: number | undefined;
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
  /** Hooks around every attempt (see `Middleware`); more can be added with `runtime.use`. */
  middleware?: readonly Middleware[];
  /** Where debug lines go (see `debugLogger`); every line is redacted first. Off when undefined. */
  debug?: DebugLog;
  /** Response headers that carry a request id, first match wins. Default `DEFAULT_REQUEST_ID_HEADERS`. */
  requestIdHeaders?: readonly string[];
  /** For tests of the jitter; Math.random otherwise. */
  random?: () => number;
};

/** What the generated client and the helpers call. Holds the credentials in a closure; nothing on it exposes them. */
export type Runtime = {
  readonly baseUrl: string;
  /** How this API writes query values (for helpers that build URLs, such as pagination). */
  readonly serializeQuery: QuerySerializer;
  /** The body of the answer; `.withResponse()` on the result gives the status, headers and request id too. */
  call<T>(op: OperationSpec, input: CallInput, options?: CallOptions): ApiPromise<T>;
  send<T>(op: OperationSpec, input: CallInput, options?: CallOptions): Promise<Sent<T>>;
  /** Sends `op` to a URL the server gave (a `next` link), relative to the base URL and with its query. */
  sendTo<T>(op: OperationSpec, relativeUrl: string, options?: CallOptions): Promise<Sent<T>>;
  /** Adds middleware for every later attempt, after the ones already there. */
  use(...middleware: Middleware[]): void;
  /** Writes a line to the debug log when it is on (redacted); helpers use it to say what they decided. */
  log(line: string): void;
};

/**
 * Response headers read for a request id when the client names none: neither API documents one, so these are the
 * names proxies and gateways commonly set. A `Sent` or an error says `requestId: undefined` when none is there.
 */
export const DEFAULT_REQUEST_ID_HEADERS: readonly string[] = ['x-request-id', 'request-id', 'x-correlation-id'];

/**
 * The request id an answer carries: the value of the first of `names` present in `headers`, else undefined.
 *
 * @example
 * requestIdOf(new Headers({ 'X-Request-Id': 'abc' })); // 'abc'
 */
export function requestIdOf(headers: Headers, names: readonly string[] = DEFAULT_REQUEST_ID_HEADERS): string | undefined {
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null && value !== '') return value;
  }
  return undefined;
}

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
/** A mistake of the caller or a hook's own error: rethrown as it is, never retried, never called a network error. */
class Unretryable extends Error {
  constructor(readonly error: unknown) {
    super('unretryable');
  }
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What a header value cannot hold: control characters (tab aside) and anything beyond Latin-1. */
const UNSENDABLE = /[\u0000-\u0008\u000a-\u001f\u007f]|[^\u0000-\u00ff]/;

/** Refuses per-call headers that cannot be sent, naming the header and never its value (it may be a secret). */
function checkCallHeaders(headers: unknown, where: Where): Readonly<Record<string, string>> | undefined {
  if (headers === undefined) return undefined;
  const at = `${where.method} ${where.path}`;
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers) || headers instanceof Headers) {
    throw new TypeError(`${at}: options.headers must be a plain object of header names and string values`);
  }
  for (const [name, value] of Object.entries(headers)) {
    const shown = name.length > 40 ? `${name.slice(0, 40)}...` : name;
    if (!HEADER_NAME.test(name)) throw new TypeError(`${at}: options.headers has "${shown}", which is not a valid header name`);
    if (typeof value !== 'string') throw new TypeError(`${at}: options.headers["${shown}"] must be a string`);
    if (UNSENDABLE.test(value)) throw new TypeError(`${at}: options.headers["${shown}"] contains a character a header cannot carry (a newline?); the value is not shown here`);
  }
  return headers as Readonly<Record<string, string>>;
}

/** What the debug log says about a failure without a response. */
function describeNetworkError(error: unknown): string {
  let code: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth += 1) {
    const candidate = (current as { code?: unknown }).code;
    if (typeof candidate === 'string') code = candidate;
    current = (current as { cause?: unknown }).cause;
  }
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined ? message : `${message}, ${code}`;
}

/** Whether to send the call again, and if not, why not (undefined when retries are not what stopped it). */
type Decision = { retry: true; delayMs: number; because: string } | { retry: false; reason: string | undefined };

/** Builds the runtime of one client. */
export function createRuntime(options: RuntimeOptions): Runtime {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const random = options.random ?? Math.random;
  const serializeQuery = options.serializeQuery ?? defaultQuerySerializer;
  const requestIdHeaders = options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS;
  const { auth, errors } = options;
  const middleware: Middleware[] = [];
  for (const [index, mw] of (options.middleware ?? []).entries()) {
    checkMiddleware(mw, `middleware[${index}]`);
    middleware.push(mw);
  }
  const debug = options.debug;
  const log = (line: string): void => {
    if (debug !== undefined) debug(redactSecrets(line, auth.secrets()) as string);
  };

  async function hook<R>(run: () => R | Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (error) {
      throw new Unretryable(error);
    }
  }

  type AttemptInput = { op: OperationSpec; operation: OperationInfo; url: string; body: unknown; timeoutMs: number; attempt: number; headers?: Readonly<Record<string, string>>; signal?: AbortSignal };

  async function attemptOnce(input: AttemptInput): Promise<Attempt> {
    const { op, operation, signal, attempt } = input;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new AttemptTimeout()), input.timeoutMs);
    let request: Request | undefined;
    let started = Date.now();
    try {
      const headers = new Headers({ Accept: 'application/json' });
      if (options.userAgent !== undefined) headers.set('User-Agent', options.userAgent);
      for (const [name, value] of Object.entries(input.headers ?? {})) headers.set(name, value);
      const init: RequestInit = { method: op.method, headers, signal: controller.signal };
      if (input.body !== undefined) {
        headers.set('Content-Type', 'application/json');
        init.body = JSON.stringify(input.body);
      }
      request = new Request(input.url, init);
      for (const mw of middleware) {
        if (mw.onRequest === undefined) continue;
        const current: Request = request;
        const replaced = await hook(() => mw.onRequest?.({ request: current, operation, attempt }));
        if (replaced instanceof Request) request = replaced;
      }
      // Credentials last: no hook ever sees them.
      let authHeaders: Record<string, string>;
      try {
        authHeaders = await auth.headers(controller.signal);
      } catch (error) {
        throw new AuthFailure('authentication failed', { cause: error });
      }
      const own = Object.keys(authHeaders).map((name) => name.toLowerCase());
      const clash = Object.keys(input.headers ?? {}).find((name) => own.includes(name.toLowerCase()));
      if (clash !== undefined) {
        throw new Unretryable(new TypeError(`${operation.method} ${operation.path}: options.headers cannot set "${clash}": the client's authentication sets it`));
      }
      const finalHeaders = new Headers(request.headers);
      try {
        for (const [name, value] of Object.entries(authHeaders)) finalHeaders.set(name, value);
      } catch {
        // The platform's message would quote the value, which is the credential.
        throw new Unretryable(new TypeError(`${operation.method} ${operation.path}: the authentication produced a header value that cannot be sent (a control character?); it is not shown here`));
      }
      const toSend = new Request(request, { headers: finalHeaders, signal: controller.signal });
      started = Date.now();
      let response = await options.fetch(toSend);
      for (const mw of [...middleware].reverse()) {
        if (mw.onResponse === undefined) continue;
        const current: Response = response;
        const context = { request, operation, attempt, response: current, durationMs: Date.now() - started };
        const replaced = await hook(() => mw.onResponse?.(context));
        if (replaced instanceof Response) response = replaced;
      }
      if (response.bodyUsed) throw new Unretryable(new TypeError(`${operation.method} ${operation.path}: an onResponse hook read the response body; read response.clone() instead`));
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
      const failure = controller.signal.reason instanceof AttemptTimeout && !signal?.aborted ? controller.signal.reason : error;
      const noResponse = !(failure instanceof Unretryable || failure instanceof AuthFailure || failure instanceof NotJson);
      if (noResponse && request !== undefined) {
        const failed = request;
        for (const mw of [...middleware].reverse()) {
          if (mw.onError === undefined) continue;
          await hook(() => mw.onError?.({ request: failed, operation, attempt, error: signal?.aborted ? signal.reason : failure, durationMs: Date.now() - started }));
        }
      }
      throw failure;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The retry loop around one logical call. `where` is the method and path errors name. */
  async function sendWithRetries<T>(op: OperationSpec, url: string, input: CallInput, where: Where, callOptions: CallOptions = {}): Promise<Sent<T>> {
    const signal = callOptions.signal;
    const timeoutMs = callOptions.timeoutMs ?? options.timeoutMs;
    const headers = checkCallHeaders(callOptions.headers, where);
    const settings = options.retry;
    const retries = settings === false ? 0 : settings.retries;
    const operation: OperationInfo = { operationId: op.operationId, name: `${op.namespace}.${op.methodName}`, method: where.method, path: where.path };
    const label = `${where.method} ${url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url}`;
    // Whether an attempt may have reached the server without us seeing the answer.
    let mayHaveArrived = false;
    let renewed = false;
    let sent = 0;

    const decide = (attempt: number, failure: { retryable: boolean; allowed: boolean; retryAfterMs?: number | undefined }): Decision => {
      if (!failure.retryable || settings === false) return { retry: false, reason: undefined };
      if (!failure.allowed) return { retry: false, reason: `not retried: ${operation.name} is never sent twice once it may have reached the server` };
      if (attempt >= retries) return { retry: false, reason: retries === 0 ? 'not retried: retries is 0' : `retries exhausted after ${sent} attempts` };
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > settings.maxDelayMs) {
        return { retry: false, reason: `not retried: Retry-After ${formatSeconds(failure.retryAfterMs)} exceeds maxDelayMs ${formatSeconds(settings.maxDelayMs)}` };
      }
      if (failure.retryAfterMs !== undefined) return { retry: true, delayMs: failure.retryAfterMs, because: `Retry-After ${formatSeconds(failure.retryAfterMs)}` };
      return { retry: true, delayMs: backoffDelay(attempt, settings, random), because: 'backoff' };
    };

    /** The call fails with `error`, unless it was a create that may have arrived and the client resolves it. */
    const fail = async (error: Error, last: { status?: number; body?: unknown }): Promise<Sent<T>> => {
      if (op.retry === 'create' && mayHaveArrived && options.resolveAmbiguousCreate !== undefined) {
        log(`${label}: an attempt may have reached the server; resolving the create (${error.message.split('\n')[0]})`);
        const resolved = await options.resolveAmbiguousCreate({ op, input, error, status: last.status, body: last.body, runtime, callOptions });
        if (resolved !== undefined) {
          log(`${label}: resolved: the stored resource is the one this call sent`);
          return resolved as Sent<T>;
        }
      }
      throw error;
    };

    for (let attempt = 0; ; attempt += 1) {
      signal?.throwIfAborted();
      sent += 1;
      const started = Date.now();
      log(`-> ${label} (attempt ${sent})`);
      let result: Attempt;
      try {
        result = await attemptOnce({ op, operation, url, body: input.body, timeoutMs, attempt: sent, signal, ...(headers === undefined ? {} : { headers }) });
      } catch (error) {
        if (signal?.aborted) {
          log(`x ${label}: aborted`);
          throw signal.reason;
        }
        if (error instanceof Unretryable) throw error.error;
        // A 2xx whose body is not JSON (a proxy's HTML page): the server answered, so this is not a network error.
        if (error instanceof NotJson) {
          throw errors.transport(`${where.method} ${where.path} answered with a body that is not JSON; check baseUrl (a proxy or login page?)`, { ...where, cause: error.cause, attempts: sent });
        }
        // The authentication itself failed (its own retries are done): nothing was sent.
        if (error instanceof AuthFailure) throw error.cause;
        const timedOut = error instanceof AttemptTimeout;
        const notSent = !timedOut && failedBeforeSending(error);
        if (!notSent) mayHaveArrived = true;
        const what = timedOut ? `no response within ${timeoutMs} ms` : `network error (${describeNetworkError(error)})`;
        // Only a connection never made may be repeated for a call that is sent once.
        const decision = decide(attempt, { retryable: true, allowed: op.retry !== 'once' || notSent });
        if (decision.retry) {
          log(`   ${label}: ${what} after ${Date.now() - started} ms; retrying in ${decision.delayMs} ms (${decision.because})`);
          await sleep(decision.delayMs, signal);
          continue;
        }
        log(`x ${label}: ${what} after ${Date.now() - started} ms${decision.reason === undefined ? '' : `; ${decision.reason}`}`);
        const init = { ...where, attempts: sent, ...(decision.reason === undefined ? {} : { stopReason: decision.reason }) };
        const failure = timedOut
          ? errors.timeout(`${where.method} ${where.path} got no response within ${timeoutMs} ms; raise timeoutMs or try again later`, init)
          : errors.transport(`${where.method} ${where.path} failed before any response (network error); check the connection and baseUrl`, { ...init, cause: redactError(error, auth.secrets()) });
        return fail(failure, {});
      }
      const responseHeaders = redactHeaders(result.headers, auth.secrets());
      const requestId = requestIdOf(result.headers, requestIdHeaders);
      const took = `in ${Date.now() - started} ms (request id ${requestId ?? 'none'})`;
      if (result.ok) {
        log(`<- ${result.status} ${label} ${took}`);
        return { data: result.data as T, status: result.status, headers: responseHeaders, requestId, attempts: sent };
      }
      // Expired or revoked credentials: renew once (for OAuth, a new token) and send again; the server refused
      // the request, so sending it again cannot do anything twice.
      if (result.status === 401 && !renewed && auth.invalidate?.() === true) {
        log(`<- 401 ${label} ${took}; renewing the credentials and sending again`);
        renewed = true;
        attempt -= 1;
        continue;
      }
      if (MAY_HAVE_ARRIVED_STATUSES.has(result.status)) mayHaveArrived = true;
      const retryable = RETRYABLE_STATUSES.has(result.status);
      const decision = decide(attempt, { retryable, allowed: op.retry !== 'once', retryAfterMs: retryable ? parseRetryAfter(result.headers.get('Retry-After')) : undefined });
      if (decision.retry) {
        log(`<- ${result.status} ${label} ${took}; retrying in ${decision.delayMs} ms (${decision.because})`);
        await sleep(decision.delayMs, signal);
        continue;
      }
      log(`<- ${result.status} ${label} ${took}${decision.reason === undefined ? '' : `; ${decision.reason}`}`);
      // A proxy or gateway may echo request headers in its error page: no secret may reach the error.
      const body = redactSecrets(result.data, auth.secrets());
      const error = errors.response({
        ...where,
        status: result.status,
        body,
        headers: responseHeaders,
        attempts: sent,
        ...(requestId === undefined ? {} : { requestId }),
        ...(decision.reason === undefined ? {} : { stopReason: decision.reason }),
      });
      return fail(error, { status: result.status, body });
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
    call<T>(op: OperationSpec, input: CallInput, callOptions?: CallOptions): ApiPromise<T> {
      return new ApiPromise(runtime.send<T>(op, input, callOptions));
    },
    async sendTo<T>(op: OperationSpec, relativeUrl: string, callOptions?: CallOptions): Promise<Sent<T>> {
      const where = { method: op.method, path: relativeUrl.split('?')[0] ?? relativeUrl };
      return sendWithRetries<T>(op, `${baseUrl}${relativeUrl}`, {}, where, callOptions);
    },
    use(...added: Middleware[]): void {
      for (const [index, mw] of added.entries()) checkMiddleware(mw, `use(): argument ${index + 1}`);
      middleware.push(...added);
    },
    log,
  };
  return runtime;
}
