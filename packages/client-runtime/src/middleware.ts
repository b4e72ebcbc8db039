/**
 * Middleware: hooks around every attempt a client sends, for logging, tracing and metrics. They see each attempt
 * (retries and the read-back of a create included), never the credentials: the authentication header is added
 * after `onRequest` has run, so a hook that logs every header cannot print a token.
 */

/**
 * Which operation an attempt belongs to.
 *
 * @example
 * const label = (op: OperationInfo) => `${op.name} (${op.method} ${op.path})`; // 'car.get (GET /v4/car/car-1)'
 */
export type OperationInfo = {
  /** The OpenAPI operationId (`v4_car_create`, `getlisting`). */
  operationId: string;
  /** Where the method lives on the client (`car.create`, `listings.get`). */
  name: string;
  method: string;
  /** The path with its ids filled in, relative to the base URL (`/v4/car/car-1`). */
  path: string;
};

/**
 * What every hook receives. `attempt` counts from 1.
 *
 * @example
 * const onRequest = ({ request, operation, attempt }: AttemptContext) => console.log(attempt, operation.name, request.url);
 */
export type AttemptContext = {
  /** The request as it will be sent, without the authentication header. */
  request: Request;
  operation: OperationInfo;
  attempt: number;
};

/**
 * Hooks the runtime calls around each attempt. Every hook may be async; a hook that throws fails the call with
 * its error (not retried).
 *
 * @example
 * const timing: Middleware = {
 *   onRequest: ({ request }) => {
 *     const headers = new Headers(request.headers);
 *     headers.set('traceparent', currentTraceparent());
 *     return new Request(request, { headers });
 *   },
 *   onResponse: ({ operation, response, attempt, durationMs }) => {
 *     metrics.histogram('api_call_ms', durationMs, { op: operation.operationId, status: response.status, attempt });
 *   },
 *   onError: ({ operation, error }) => console.warn(operation.name, 'failed before any response', error),
 * };
 */
export type Middleware = {
  /** Before an attempt is sent. Answer a `Request` to send that one instead (add headers, change the URL). */
  onRequest?(context: AttemptContext): void | Request | Promise<void | Request>;
  /**
   * After a response arrived, whatever its status, before the runtime reads it. Answer a `Response` to use that one
   * instead. Do not read the body of `response` (read `response.clone()`), the runtime still needs it.
   */
  onResponse?(context: AttemptContext & { response: Response; durationMs: number }): void | Response | Promise<void | Response>;
  /** When an attempt got no response at all (network error, timeout, abort). */
  onError?(context: AttemptContext & { error: unknown; durationMs: number }): void | Promise<void>;
};

/** Refuses what is not a middleware object, naming where it came from. */
export function checkMiddleware(middleware: unknown, where: string): asserts middleware is Middleware {
  if (middleware === null || typeof middleware !== 'object') throw new TypeError(`${where}: a middleware is an object with onRequest, onResponse and/or onError functions`);
  const record = middleware as Record<string, unknown>;
  const hooks = ['onRequest', 'onResponse', 'onError'];
  const unknown = Object.keys(record).filter((key) => !hooks.includes(key));
  if (unknown.length > 0) throw new TypeError(`${where}: unknown middleware hook${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; the hooks are ${hooks.join(', ')}`);
  for (const hook of hooks) {
    if (record[hook] !== undefined && typeof record[hook] !== 'function') throw new TypeError(`${where}: middleware.${hook} must be a function`);
  }
}
