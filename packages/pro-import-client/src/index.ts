export { createProImportClient, type ProImportClientOptions } from './client.js';
export * from './generated/client.gen.js';
export type { components, paths } from './generated/paths.gen.js';
export { API } from './generated/api.gen.js';
export { RESOURCES, type ResourceName } from './generated/resources.gen.js';
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
  ValidationOutcome,
  WarningContext,
  WarningHandler,
} from '@x/client-runtime';
export type { RuleSource, ValidationWarning } from '@x/client-runtime/validation';
export type { WaitForOptions, WaitOptions, WaitResult } from './runtime/waiting.js';
