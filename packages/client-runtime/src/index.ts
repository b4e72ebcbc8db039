/**
 * `@x/client-runtime`: the runtime every generated marketplace client shares. Users of a client rarely import it
 * directly; the client packages re-export what they need (error classes, types).
 */
export { clientCredentials, staticToken, tokenFunction, TokenError, type AuthProvider, type ClientCredentialsOptions } from './auth.js';
export { ApiHttpError, describeBody, redactSecrets, type ErrorFactory, type HttpErrorInit, type Where } from './errors.js';
export {
  createRuntime,
  defaultQuerySerializer,
  fillPath,
  type AmbiguousCreateResolver,
  type CallInput,
  type QuerySerializer,
  type Runtime,
  type RuntimeOptions,
  type Sent,
} from './http.js';
export type { HttpMethod, OperationSpec, RetryPolicy, ValidationKind } from './operation.js';
export { nextPageUrl, paginate } from './pagination.js';
export { lazyValidator, type PayloadValidator, type ValidationOutcome, type ValidatorSet, type WarningContext, type WarningHandler } from './prevalidate.js';
export { backoffDelay, DEFAULT_RETRY, failedBeforeSending, parseRetryAfter, RETRYABLE_STATUSES, type RetryOptions, type RetrySettings } from './retry.js';
export { sleep } from './sleep.js';
export type { CallOptions, Filters, PageItem, PathParams, QueryParams, RequestBody, SuccessData } from './types.js';
