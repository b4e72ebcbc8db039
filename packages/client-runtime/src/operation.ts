/** What the runtime needs to know about one operation; the generated `operations.gen.ts` holds one per operation. */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * When a failed attempt may be sent again:
 * - `idempotent`: sending it twice does what sending it once does (reads; updates that set the same values; deletes).
 * - `create`: a POST that creates with a client-chosen id; retried like `idempotent`, and a refusal after a retry
 *   (the id is taken, by our own first attempt) goes to the client's `resolveAmbiguousCreate`.
 * - `once`: never sent again once the request may have reached the server (it costs money, or would create or do
 *   something twice); only connection errors that happen before anything was sent are retried.
 */
export type RetryPolicy = 'idempotent' | 'create' | 'once';

/** The kind of body a validator checks: the method name of its operation (`create`, `update`, `attach`, ...). */
export type ValidationKind = string;

export type OperationSpec = {
  operationId: string;
  /** Where the operation lives on the client: `client[namespace][methodName]`. */
  namespace: string;
  methodName: string;
  method: HttpMethod;
  /** Path template relative to the base URL, e.g. `/v4/car/{source_id}`. */
  path: string;
  /** Path parameter names in the order they appear in the path (and in the method's arguments). */
  pathParams: readonly string[];
  /** The query parameters the document declares (the method then takes a query object). */
  queryParams: readonly string[];
  /** Whether the method takes a body (after the path parameters). */
  body: boolean;
  retry: RetryPolicy;
  /** Set when the body can be checked before sending with `validate: true`. */
  validate?: { resource: string; kind: ValidationKind };
  /** For `create`: the path template of the operation that reads the created resource back. */
  readPath?: string;
};
