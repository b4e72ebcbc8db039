/**
 * Type helpers the generated client uses to read request and response types out of openapi-typescript's `paths`.
 * They take one operation object (`paths['/v4/car']['post']`) and never a whole document, so they stay cheap.
 */

type JsonContent<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON request body of an operation. */
export type RequestBody<Op> = Op extends { requestBody?: infer R } ? JsonContent<NonNullable<R>> : never;

/** The JSON body of an operation's success response (200, else 201, else 202: an accepted asynchronous job's receipt). */
export type SuccessData<Op> = Op extends { responses: infer R }
  ? R extends { 200: infer S }
    ? JsonContent<S>
    : R extends { 201: infer S }
      ? JsonContent<S>
      : R extends { 202: infer S }
        ? JsonContent<S>
        : undefined
  : never;

/** The query parameters of an operation as the document declares them. */
export type QueryParams<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

type DateFilterKey = `${string}__${'gt' | 'gte' | 'lt' | 'lte'}`;
type ListFilterKey = `${string}__in`;

/**
 * Query parameters as callers may pass them: date-range filters (`created__gte`, ...) also accept a `Date`
 * (sent as `YYYY-MM-DD HH:MM:SS` in UTC) and `__in` filters also accept an array (sent comma separated).
 */
export type Filters<Q> = {
  [K in keyof Q]: Q[K] | (K extends DateFilterKey ? Date : never) | (K extends ListFilterKey ? readonly string[] : never);
};

/** The element type of a paginated list response (`{count, next, previous, results}`). */
export type PageItem<Data> = Data extends { results: ReadonlyArray<infer T> } ? T : never;

/** Settings every call accepts. */
export type CallOptions = {
  /** Aborts the call, including its retries and waits between them. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for each attempt of this call. */
  timeoutMs?: number;
  /**
   * Extra request headers for this call (a trace id, `Accept-Language`, ...), sent with every attempt. They cannot
   * set the authentication header (the client's credentials do); a value with a control character is refused.
   */
  headers?: Readonly<Record<string, string>>;
};

/** The path parameters of an operation. */
export type PathParams<Op> = Op extends { parameters: { path: infer P } } ? P : never;
