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
  ProImportTimeoutError,
  ProImportValidationError,
  flattenErrors,
  type DrfErrorBody,
  type FieldErrors,
  type FieldProblem,
} from './runtime/errors.js';
export { formatApiDate } from './runtime/dates.js';
export type { CallOptions, Filters, PageItem, PathParams, QueryParams, RequestBody, SuccessData } from './runtime/types.js';
export type { RetryOptions } from './runtime/retry.js';
export type { PayloadValidator, ValidationOutcome, WarningContext, WarningHandler } from './runtime/prevalidate.js';
export type { RuleSource, ValidationWarning } from './runtime/validation/validate.js';
export type { WaitForOptions, WaitOptions, WaitResult } from './runtime/waiting.js';
export type { OperationSpec, RetryPolicy, ValidationKind } from './runtime/operation.js';
export type { Runtime } from './runtime/http.js';
