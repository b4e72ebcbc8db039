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
  /**
   * What sends each request. Default: the platform's `fetch` as it is at the time of each call, given the URL and
   * the init (so no `Request` is built in between when no middleware needs one).
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Per attempt; a value that is not a finite number (`Infinity`) means no timeout. */
  timeoutMs: number;
  retry: RetrySettings | false;
  /**
   * Statuses after which even a call sent once (`retry: 'once'`) is sent again, because the API's answer says it
   * did nothing: `NOT_PROCESSED_STATUSES` (429, 503) for an API whose rate limiter and gateway answer before any
   * work. Default none: a call sent once is never repeated after an answer.
   */
  resendOnceAfter?: ReadonlySet<number>;
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
  let parts = TEMPLATES.get(template);
  if (parts === undefined) {
    // Literal text at even indexes, parameter names at odd ones: split once per template, not per call.
    parts = template.split(/\{([^}]+)\}/);
    if (TEMPLATES.size < 10_000) TEMPLATES.set(template, parts);
  }
  let out = parts[0] as string;
  for (let index = 1; index < parts.length; index += 2) {
    const name = parts[index] as string;
    const value = params[name];
    out += value === undefined ? `{${name}}` : encodeURIComponent(String(value));
    out += parts[index + 1] as string;
  }
  return out;
}

const TEMPLATES = new Map<string, string[]>();

function queryString(values: Record<string, string | number | boolean>): string {
  let empty = true;
  for (const _key in values) {
    empty = false;
    break;
  }
  if (empty) return '';
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

/** setTimeout's largest delay; a longer one fires at once, so it counts as no timeout. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The signal of each attempt of one call: aborted when the attempt's time is up (with an `AttemptTimeout`) or when
 * the caller's signal aborts. One controller and one timer serve the whole call: the timer is re-armed for each
 * attempt (refresh() where the platform has it) and a new controller is made only after one was aborted. Without
 * a timeout or a caller's signal there is nothing to abort, and no signal at all.
 */
type AttemptDeadline = { start(): AbortSignal | undefined; end(): void };

function attemptDeadline(timeoutMs: number, callerSignal: AbortSignal | undefined): AttemptDeadline {
  const timed = Number.isFinite(timeoutMs) && timeoutMs <= MAX_TIMER_MS;
  if (!timed && callerSignal === undefined) return { start: () => undefined, end: () => undefined };
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onTimeout = () => controller?.abort(new AttemptTimeout());
  const onAbort = () => controller?.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', onAbort, { once: true });
  return {
    start() {
      if (controller === undefined || controller.signal.aborted) controller = new AbortController();
      if (!timed) return controller.signal;
      if (timer === undefined) timer = setTimeout(onTimeout, timeoutMs);
      else if (typeof timer === 'object' && typeof timer.refresh === 'function') timer.refresh();
      else {
        clearTimeout(timer);
        timer = setTimeout(onTimeout, timeoutMs);
      }
      return controller.signal;
    },
    end() {
      if (timer !== undefined) clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onAbort);
    },
  };
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
  const logging = debug !== undefined;
  const fetchImpl = options.fetch;

  async function hook<R>(run: () => R | Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (error) {
      throw new Unretryable(error);
    }
  }

  type AttemptInput = { op: OperationSpec; operation: OperationInfo; url: string; body: unknown; attempt: number; headers?: Readonly<Record<string, string>>; signal?: AbortSignal; deadline: AttemptDeadline };

  /** The request's headers without the credentials: Accept, User-Agent, the call's own. */
  function baseHeaders(input: AttemptInput): Headers {
    const headers = new Headers({ Accept: 'application/json' });
    if (options.userAgent !== undefined) headers.set('User-Agent', options.userAgent);
    if (input.headers !== undefined) for (const name in input.headers) headers.set(name, input.headers[name] as string);
    if (input.body !== undefined) headers.set('Content-Type', 'application/json');
    return headers;
  }

  /**
   * The credentials' headers added to `headers`, refusing a clash with the call's own and values no header can
   * carry. Synchronous when the provider is (a static token): no promise where none is needed.
   */
  function authenticate(input: AttemptInput, headers: Headers, signal: AbortSignal | undefined): void | Promise<void> {
    let answer: Record<string, string> | Promise<Record<string, string>>;
    try {
      answer = auth.headers(signal);
    } catch (error) {
      throw new AuthFailure('authentication failed', { cause: error });
    }
    if (!(answer instanceof Promise)) return addAuthHeaders(input, headers, answer);
    return answer.then(
      (authHeaders) => addAuthHeaders(input, headers, authHeaders),
      (error: unknown) => {
        throw new AuthFailure('authentication failed', { cause: error });
      },
    );
  }

  function addAuthHeaders(input: AttemptInput, headers: Headers, authHeaders: Record<string, string>): void {
    const { operation } = input;
    if (input.headers !== undefined) {
      const own = Object.keys(authHeaders).map((name) => name.toLowerCase());
      const clash = Object.keys(input.headers).find((name) => own.includes(name.toLowerCase()));
      if (clash !== undefined) {
        throw new Unretryable(new TypeError(`${operation.method} ${operation.path}: options.headers cannot set "${clash}": the client's authentication sets it`));
      }
    }
    try {
      for (const name in authHeaders) headers.set(name, authHeaders[name] as string);
    } catch {
      // The platform's message would quote the value, which is the credential.
      throw new Unretryable(new TypeError(`${operation.method} ${operation.path}: the authentication produced a header value that cannot be sent (a control character?); it is not shown here`));
    }
  }

  /** The answer with its body: JSON, or the text of an error answer that is not JSON. */
  function answerOf(response: Response, text: string): Attempt {
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
  }

  /** Why an attempt failed: its own timeout (unless the caller aborted), or what was thrown. */
  function failureOf(error: unknown, signal: AbortSignal | undefined, input: AttemptInput): unknown {
    return signal?.reason instanceof AttemptTimeout && !input.signal?.aborted ? signal.reason : error;
  }

  /**
   * One attempt without middleware: the request a caller would send with fetch itself, built once (the default
   * fetch gets the URL and the init, a custom one a single `Request`).
   */
  async function attemptPlain(input: AttemptInput): Promise<Attempt> {
    const signal = input.deadline.start();
    try {
      const headers = baseHeaders(input);
      const authenticating = authenticate(input, headers, signal);
      if (authenticating !== undefined) await authenticating;
      const init: RequestInit = { method: input.op.method, headers };
      if (signal !== undefined) init.signal = signal;
      if (input.body !== undefined) init.body = JSON.stringify(input.body);
      const response = await (fetchImpl === undefined ? globalThis.fetch(input.url, init) : fetchImpl(new Request(input.url, init)));
      return answerOf(response, await response.text());
    } catch (error) {
      throw failureOf(error, signal, input);
    }
  }

  function attemptOnce(input: AttemptInput): Promise<Attempt> {
    return middleware.length === 0 ? attemptPlain(input) : attemptWithMiddleware(input);
  }

  async function attemptWithMiddleware(input: AttemptInput): Promise<Attempt> {
    const { op, operation, attempt } = input;
    const signal = input.deadline.start();
    let request: Request | undefined;
    let started = Date.now();
    try {
      const init: RequestInit = { method: op.method, headers: baseHeaders(input) };
      if (signal !== undefined) init.signal = signal;
      if (input.body !== undefined) init.body = JSON.stringify(input.body);
      request = new Request(input.url, init);
      for (const mw of middleware) {
        if (mw.onRequest === undefined) continue;
        const current: Request = request;
        const replaced = await hook(() => mw.onRequest?.({ request: current, operation, attempt }));
        if (replaced instanceof Request) request = replaced;
      }
      // Credentials last: no hook ever sees them.
      const finalHeaders = new Headers(request.headers);
      const authenticating = authenticate(input, finalHeaders, signal);
      if (authenticating !== undefined) await authenticating;
      const toSend = new Request(request, signal === undefined ? { headers: finalHeaders } : { headers: finalHeaders, signal });
      started = Date.now();
      let response = await (fetchImpl === undefined ? globalThis.fetch(toSend) : fetchImpl(toSend));
      for (let index = middleware.length - 1; index >= 0; index -= 1) {
        const mw = middleware[index] as Middleware;
        if (mw.onResponse === undefined) continue;
        const current: Response = response;
        const context = { request, operation, attempt, response: current, durationMs: Date.now() - started };
        const replaced = await hook(() => mw.onResponse?.(context));
        if (replaced instanceof Response) response = replaced;
      }
      if (response.bodyUsed) throw new Unretryable(new TypeError(`${operation.method} ${operation.path}: an onResponse hook read the response body; read response.clone() instead`));
      return answerOf(response, await response.text());
    } catch (error) {
      const failure = failureOf(error, signal, input);
      const noResponse = !(failure instanceof Unretryable || failure instanceof AuthFailure || failure instanceof NotJson);
      if (noResponse && request !== undefined) {
        const failed = request;
        for (let index = middleware.length - 1; index >= 0; index -= 1) {
          const mw = middleware[index] as Middleware;
          if (mw.onError === undefined) continue;
          await hook(() => mw.onError?.({ request: failed, operation, attempt, error: input.signal?.aborted ? input.signal.reason : failure, durationMs: Date.now() - started }));
        }
      }
      throw failure;
    }
  }

  /**
   * A successful call's answer. Its headers are redacted when first read: most callers only want the body, and
   * going through every header of every answer for a secret costs as much as a tenth of a loopback call.
   */
  function answered<T>(result: Attempt, requestId: string | undefined, attempts: number): Sent<T> {
    let headers: Headers | undefined;
    // The secrets of now: an OAuth token renewed later must still be redacted from this answer.
    const secrets = auth.secrets();
    return {
      data: result.data as T,
      status: result.status,
      get headers(): Headers {
        headers ??= redactHeaders(result.headers, secrets);
        return headers;
      },
      set headers(value: Headers) {
        headers = value;
      },
      requestId,
      attempts,
    };
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
    const deadline = attemptDeadline(timeoutMs, signal);
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
        if (logging) log(`${label}: an attempt may have reached the server; resolving the create (${error.message.split('\n')[0]})`);
        const resolved = await options.resolveAmbiguousCreate({ op, input, error, status: last.status, body: last.body, runtime, callOptions });
        if (resolved !== undefined) {
          if (logging) log(`${label}: resolved: the stored resource is the one this call sent`);
          return resolved as Sent<T>;
        }
      }
      // A call sent once whose attempt may have done the work: the client may say so in its own error class.
      if (op.retry === 'once' && mayHaveArrived && errors.outcomeUnknown !== undefined) throw errors.outcomeUnknown(error, operation);
      throw error;
    };

    try {
      for (let attempt = 0; ; attempt += 1) {
        signal?.throwIfAborted();
        sent += 1;
        const started = logging ? Date.now() : 0;
        if (logging) log(`-> ${label} (attempt ${sent})`);
        let result: Attempt;
        try {
          result = await attemptOnce({ op, operation, url, body: input.body, attempt: sent, signal, deadline, ...(headers === undefined ? {} : { headers }) });
        } catch (error) {
          if (signal?.aborted) {
            if (logging) log(`x ${label}: aborted`);
            throw signal.reason;
          }
          if (error instanceof Unretryable) throw error.error;
          // A 2xx whose body is not JSON (a proxy's HTML page): the server answered, so this is not a network error.
          if (error instanceof NotJson) {
            throw errors.transport(`${where.method} ${where.path} answered with a body that is not JSON; check baseUrl (a proxy or login page?)`, { ...where, cause: error.cause, attempts: sent, mayHaveArrived: true });
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
            if (logging) log(`   ${label}: ${what} after ${Date.now() - started} ms; retrying in ${decision.delayMs} ms (${decision.because})`);
            await sleep(decision.delayMs, signal);
            continue;
          }
          if (logging) log(`x ${label}: ${what} after ${Date.now() - started} ms${decision.reason === undefined ? '' : `; ${decision.reason}`}`);
          const init = { ...where, attempts: sent, mayHaveArrived, ...(decision.reason === undefined ? {} : { stopReason: decision.reason }) };
          const failure = timedOut
            ? errors.timeout(`${where.method} ${where.path} got no response within ${timeoutMs} ms; raise timeoutMs or try again later`, init)
            : errors.transport(`${where.method} ${where.path} failed before any response (network error); check the connection and baseUrl`, { ...init, cause: redactError(error, auth.secrets()) });
          return await fail(failure, {});
        }
        const requestId = requestIdOf(result.headers, requestIdHeaders);
        const took = logging ? `in ${Date.now() - started} ms (request id ${requestId ?? 'none'})` : '';
        if (result.ok) {
          if (logging) log(`<- ${result.status} ${label} ${took}`);
          return answered<T>(result, requestId, sent);
        }
        // Expired or revoked credentials: renew once (for OAuth, a new token) and send again; the server refused
        // the request, so sending it again cannot do anything twice.
        if (result.status === 401 && !renewed && auth.invalidate?.() === true) {
          if (logging) log(`<- 401 ${label} ${took}; renewing the credentials and sending again`);
          renewed = true;
          attempt -= 1;
          continue;
        }
        if (MAY_HAVE_ARRIVED_STATUSES.has(result.status)) mayHaveArrived = true;
        const retryable = RETRYABLE_STATUSES.has(result.status);
        // A status the API uses for "nothing was done" lets even a call sent once go again (its earlier attempts, if
        // any, got the same kind of answer or never connected, or the loop would have stopped).
        const allowed = op.retry !== 'once' || options.resendOnceAfter?.has(result.status) === true;
        const decision = decide(attempt, { retryable, allowed, retryAfterMs: retryable ? parseRetryAfter(result.headers.get('Retry-After')) : undefined });
        if (decision.retry) {
          if (logging) log(`<- ${result.status} ${label} ${took}; retrying in ${decision.delayMs} ms (${decision.because})`);
          await sleep(decision.delayMs, signal);
          continue;
        }
        if (logging) log(`<- ${result.status} ${label} ${took}${decision.reason === undefined ? '' : `; ${decision.reason}`}`);
        // A proxy or gateway may echo request headers in its error page: no secret may reach the error.
        const body = redactSecrets(result.data, auth.secrets());
        const error = errors.response({
          ...where,
          status: result.status,
          body,
          headers: redactHeaders(result.headers, auth.secrets()),
          attempts: sent,
          mayHaveArrived,
          ...(requestId === undefined ? {} : { requestId }),
          ...(decision.reason === undefined ? {} : { stopReason: decision.reason }),
        });
        return await fail(error, { status: result.status, body });
      }
    } finally {
      deadline.end();
    }
  }

  async function prevalidate(op: OperationSpec, input: CallInput, where: Where): Promise<void> {
    if (op.validate === undefined || options.validator === undefined) return;
    const outcome = await options.validator(op.validate.resource, op.validate.kind, input.body);
    // Without a handler the warnings are never read: a refused body's warnings cost a second parse (see runValidation).
    if (options.onWarning !== undefined && outcome.warnings !== undefined && outcome.warnings.length > 0) {
      options.onWarning(outcome.warnings, { ...where, resource: op.validate.resource, kind: op.validate.kind });
    }
    if (!outcome.success) throw errors.validation({ ...where, status: 400, body: outcome.errors });
  }

  const runtime: Runtime = {
    baseUrl,
    serializeQuery,
    send<T>(op: OperationSpec, input: CallInput, callOptions?: CallOptions): Promise<Sent<T>> {
      // Not async: a call is one promise deep, as a plain fetch is (errors still come back as rejections).
      try {
        const path = fillPath(op.path, input.path);
        const where = { method: op.method, path };
        const go = () => sendWithRetries<T>(op, `${baseUrl}${path}${queryString(serializeQuery(input.query))}`, input, where, callOptions);
        if (op.validate === undefined || options.validator === undefined) return go();
        return prevalidate(op, input, where).then(go);
      } catch (error) {
        return Promise.reject(error);
      }
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
