/**
 * `@x/client-runtime`: the runtime every generated marketplace client shares. Users of a client rarely import it
 * directly; the client packages re-export what they need (error classes, types).
 */
export { clientCredentials, staticToken, tokenFunction, TokenError, type AuthProvider, type ClientCredentialsOptions } from './auth.js';
export { ApiPromise, type Sent } from './api-promise.js';
export { readEnv, settingFromEnv, type EnvRead, type EnvScope } from './env.js';
export { debugEnabled, debugLogger, type DebugLog } from './debug.js';
export { ApiHttpError, describeBody, redactError, redactHeaders, redactSecrets, type ErrorFactory, type HttpErrorInit, type Where } from './errors.js';
export {
  createRuntime,
  DEFAULT_REQUEST_ID_HEADERS,
  defaultQuerySerializer,
  fillPath,
  requestIdOf,
  type AmbiguousCreateResolver,
  type CallInput,
  type QuerySerializer,
  type Runtime,
  type RuntimeOptions,
} from './http.js';
export { checkMiddleware, type AttemptContext, type Middleware, type OperationInfo } from './middleware.js';
export type { HttpMethod, OperationSpec, RetryPolicy, ValidationKind } from './operation.js';
export { nextPageUrl, paginate } from './pagination.js';
export { checkClientOptions, checkHttpUrl, COMMON_OPTION_KEYS, optionError, retrySettingsOf, type ClientOptionsCheck } from './options.js';
export { lazyValidator, type PayloadValidator, type ValidationOutcome, type ValidatorSet, type WarningContext, type WarningHandler } from './prevalidate.js';
export {
  backoffDelay,
  DEFAULT_RETRY,
  failedBeforeSending,
  formatSeconds,
  MAY_HAVE_ARRIVED_STATUSES,
  NOT_PROCESSED_STATUSES,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  type RetryOptions,
  type RetrySettings,
} from './retry.js';
export { sleep } from './sleep.js';
export type { CallOptions, Filters, Forbidden, PageItem, PathParams, QueryParams, RequestBody, SuccessData, WithForbidden } from './types.js';
