import createClient from 'openapi-fetch';
import { serializeQuery } from './dates.js';
import { mentionsSourceId, sentFieldsMatch } from './duplicate.js';
import { ProImportHttpError, ProImportTimeoutError, ProImportValidationError } from './errors.js';
import type { OperationSpec } from './operation.js';
import type { PayloadValidator, WarningHandler } from './prevalidate.js';
import { backoffDelay, failedBeforeSending, parseRetryAfter, RETRYABLE_STATUSES, type RetrySettings } from './retry.js';
import { sleep } from './sleep.js';
import type { CallOptions } from './types.js';

export type RuntimeOptions = {
  token: string;
  baseUrl: string;
  authHeader: string;
  fetch: (request: Request) => Promise<Response>;
  timeoutMs: number;
  retry: RetrySettings | false;
  userAgent?: string;
  validator?: PayloadValidator;
  onWarning?: WarningHandler;
  /** For tests of the jitter; Math.random otherwise. */
  random?: () => number;
};

export type CallInput = {
  path?: Readonly<Record<string, string | number>>;
  query?: Readonly<Record<string, unknown>>;
  body?: unknown;
};

/** A success: the parsed body and the response's status and headers (for `Date` and request ids). */
export type Sent<T> = { data: T; status: number; headers: Headers };

/** What the generated client and the helpers call. Holds the token in a closure; nothing on it exposes it. */
export type Runtime = {
  readonly baseUrl: string;
  call<T>(op: OperationSpec, input: CallInput, options?: CallOptions): Promise<T>;
  send<T>(op: OperationSpec, input: CallInput, options?: CallOptions): Promise<Sent<T>>;
  /** Sends `op` to a URL the server gave (a `next` link), relative to the base URL and with its query. */
  sendTo<T>(op: OperationSpec, relativeUrl: string, options?: CallOptions): Promise<Sent<T>>;
};

type Attempt = { ok: true; data: unknown; status: number; headers: Headers } | { ok: false; body: unknown; status: number; headers: Headers };

type LooseRequest = (
  method: string,
  url: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** `/v4/car/{source_id}` + `{source_id: 'a b'}` -> `/v4/car/a%20b`: the path errors name. */
export function fillPath(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : encodeURIComponent(String(value));
  });
}

class AttemptTimeout extends Error {}

/** Builds the runtime: openapi-fetch for URLs and bodies, plus headers, timeouts, retries and pre-validation. */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { token, authHeader, userAgent } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const authedFetch = (request: Request): Promise<Response> => {
    request.headers.set(authHeader, token);
    request.headers.set('Accept', 'application/json');
    if (userAgent !== undefined) request.headers.set('User-Agent', userAgent);
    return options.fetch(request);
  };
  const api = createClient({ baseUrl, fetch: authedFetch });
  const request = api.request as unknown as LooseRequest;
  const random = options.random ?? Math.random;

  async function attemptOnce(op: OperationSpec, url: string, init: Record<string, unknown>, timeoutMs: number, signal?: AbortSignal): Promise<Attempt> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new AttemptTimeout()), timeoutMs);
    try {
      const { data, error, response } = await request(op.method, url, { ...init, signal: controller.signal });
      if (response.ok) return { ok: true, data, status: response.status, headers: response.headers };
      return { ok: false, body: error, status: response.status, headers: response.headers };
    } catch (error) {
      if (controller.signal.reason instanceof AttemptTimeout && !signal?.aborted) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The retry loop around one logical call. `describe` is the method and path errors name. */
  async function sendWithRetries<T>(op: OperationSpec, url: string, init: Record<string, unknown>, where: { method: string; path: string }, callOptions: CallOptions = {}): Promise<Sent<T>> {
    const signal = callOptions.signal;
    const timeoutMs = callOptions.timeoutMs ?? options.timeoutMs;
    const settings = options.retry;
    const retries = settings === false ? 0 : settings.retries;
    // Whether an earlier attempt may have reached the server without us seeing the answer.
    let mayHaveArrived = false;
    for (let attempt = 0; ; attempt += 1) {
      signal?.throwIfAborted();
      let result: Attempt;
      try {
        result = await attemptOnce(op, url, init, timeoutMs, signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        // A 2xx whose body is not JSON (a proxy's HTML page): the server answered, so this is not a network error.
        if (error instanceof SyntaxError) {
          throw new ProImportHttpError(`${where.method} ${where.path} answered with a body that is not JSON; check baseUrl (a proxy or login page?)`, { ...where, cause: error });
        }
        const timedOut = error instanceof AttemptTimeout;
        const notSent = !timedOut && failedBeforeSending(error);
        const failure = timedOut
          ? new ProImportTimeoutError(`${where.method} ${where.path} got no response within ${timeoutMs} ms; raise timeoutMs or try again later`, where)
          : new ProImportHttpError(`${where.method} ${where.path} failed before any response (network error); check the connection and baseUrl`, { ...where, cause: error });
        const allowed = op.retry !== 'once' || notSent;
        if (!allowed || attempt >= retries || settings === false) throw failure;
        if (!notSent) mayHaveArrived = true;
        await sleep(backoffDelay(attempt, settings, random), signal);
        continue;
      }
      if (result.ok) return { data: result.data as T, status: result.status, headers: result.headers };
      if (settings !== false && op.retry !== 'once' && RETRYABLE_STATUSES.has(result.status) && attempt < retries) {
        const retryAfter = parseRetryAfter(result.headers.get('Retry-After'));
        if (retryAfter === undefined || retryAfter <= settings.maxDelayMs) {
          // A gateway error may come after the server did the work; a 429 or 503 says it did not.
          if (result.status === 502 || result.status === 504) mayHaveArrived = true;
          await sleep(retryAfter ?? backoffDelay(attempt, settings, random), signal);
          continue;
        }
      }
      // A proxy or gateway may echo request headers in its error page: the token must not reach the error.
      const error = ProImportHttpError.fromResponse({ ...where, status: result.status, body: redactSecret(result.body, options.token) });
      if (error instanceof ProImportValidationError && op.retry === 'create' && mayHaveArrived && mentionsSourceId(result.body)) {
        const resolved = await resolveDuplicateCreate<T>(op, init.body, error, callOptions);
        if (resolved !== undefined) return resolved;
      }
      throw error;
    }
  }

  /**
   * A create was retried after an attempt whose answer was lost, and the server now says the source_id is taken:
   * most likely by our own first attempt. Read the ad back; when what we sent matches it, that is our ad.
   */
  async function resolveDuplicateCreate<T>(op: OperationSpec, body: unknown, error: ProImportValidationError, callOptions: CallOptions): Promise<Sent<T> | undefined> {
    const sourceId = body !== null && typeof body === 'object' ? (body as { source_id?: unknown }).source_id : undefined;
    if (op.readPath === undefined || (typeof sourceId !== 'string' && typeof sourceId !== 'number')) return undefined;
    const read: OperationSpec = {
      namespace: op.namespace,
      methodName: 'get',
      operationId: `${op.operationId}:read-back`,
      method: 'GET',
      path: op.readPath,
      pathParams: ['source_id'],
      queryParams: [],
      body: false,
      retry: 'idempotent',
    };
    const stored = await runtime.send<T>(read, { path: { source_id: sourceId } }, callOptions).catch(() => {
      throw error;
    });
    return sentFieldsMatch(body, stored.data) ? stored : undefined;
  }

  async function prevalidate(op: OperationSpec, input: CallInput, where: { method: string; path: string }): Promise<void> {
    if (op.validate === undefined || options.validator === undefined) return;
    const outcome = await options.validator(op.validate.resource, op.validate.kind, input.body);
    if (outcome.warnings !== undefined && outcome.warnings.length > 0 && options.onWarning !== undefined) {
      options.onWarning(outcome.warnings, { ...where, resource: op.validate.resource, kind: op.validate.kind });
    }
    if (!outcome.success) throw new ProImportValidationError({ ...where, body: outcome.errors });
  }

  const runtime: Runtime = {
    baseUrl,
    async send<T>(op: OperationSpec, input: CallInput, callOptions?: CallOptions): Promise<Sent<T>> {
      const where = { method: op.method, path: fillPath(op.path, input.path) };
      await prevalidate(op, input, where);
      const init: Record<string, unknown> = { params: { path: input.path ?? {}, query: serializeQuery(input.query) } };
      if (input.body !== undefined) init.body = input.body;
      return sendWithRetries<T>(op, op.path, init, where, callOptions);
    },
    async call<T>(op: OperationSpec, input: CallInput, callOptions?: CallOptions): Promise<T> {
      return (await runtime.send<T>(op, input, callOptions)).data;
    },
    async sendTo<T>(op: OperationSpec, relativeUrl: string, callOptions?: CallOptions): Promise<Sent<T>> {
      const where = { method: op.method, path: relativeUrl.split('?')[0] ?? relativeUrl };
      return sendWithRetries<T>(op, relativeUrl, {}, where, callOptions);
    },
  };
  return runtime;
}

/**
 * `value` with every occurrence of `secret` in its strings (keys included) replaced by `[redacted]`. Secrets
 * shorter than 8 characters (test placeholders, never a real JWT) are left alone: replacing a letter everywhere
 * would garble every message.
 */
export function redactSecret(value: unknown, secret: string): unknown {
  if (secret.length < 8) return value;
  if (typeof value === 'string') return value.split(secret).join('[redacted]');
  if (Array.isArray(value)) return value.map((item) => redactSecret(item, secret));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactSecret(k, secret) as string, redactSecret(v, secret)]));
  }
  return value;
}
