/**
 * `@x/pro-import-client/core`: the runtime and the namespaces without the whole client, for apps whose bundles should
 * carry only what they call. `new CarNamespace(createProImportRuntime({ token }))` bundles the car namespace and the
 * runtime, none of the other resources, and no validator unless `validate` is given one (`proImportValidator()` from
 * the main entry). The main entry, `@x/pro-import-client`, exports all of this too.
 */
export { createProImportRuntime, type ProImportClientOptions, type ProImportRuntimeOptions } from './create-runtime.js';
export * from './generated/client.gen.js';
export type * from './generated/types.gen.js';
export type { components, paths } from './generated/paths.gen.js';
export { API } from './generated/api.gen.js';
export {
  ProImportActionError,
  ProImportAuthError,
  ProImportForbiddenError,
  ProImportHttpError,
  ProImportNotFoundError,
  ProImportOutcomeUnknownError,
  ProImportTimeoutError,
  ProImportValidationError,
  flattenErrors,
  type DrfErrorBody,
  type FieldErrors,
  type FieldProblem,
} from './runtime/errors.js';
export { formatApiDate } from './runtime/dates.js';
export { ApiHttpError, ApiPromise } from '@x/client-runtime';
export type {
  AttemptContext,
  CallOptions,
  DebugLog,
  Filters,
  Forbidden,
  Middleware,
  OperationInfo,
  OperationSpec,
  PageItem,
  PathParams,
  PayloadValidator,
  QueryParams,
  RequestBody,
  RetryOptions,
  RetryPolicy,
  Runtime,
  Sent,
  SuccessData,
  ValidationKind,
  WithForbidden,
  ValidationOutcome,
  WarningContext,
  WarningHandler,
} from '@x/client-runtime';
export type { RuleSource, ValidationWarning } from '@x/client-runtime/validation';
export type { WaitForOptions, WaitOptions, WaitResult } from './runtime/waiting.js';
