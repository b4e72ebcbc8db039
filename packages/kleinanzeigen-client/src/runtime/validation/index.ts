/**
 * What this client's generated validators import: the shared checks, and the shared runner bound to Spring's
 * problem-details error shape (the Kleinanzeigen gateway is Spring Boot).
 */
import { validationRunner, type ValidationOutcome as SharedOutcome } from '@x/client-runtime/validation';
import { problemShape, type ValidationProblem } from './problem.js';

export {
  childOf,
  exactlyOneOf,
  requiredForCategories,
  uniqueItems,
  UNKNOWN_FIELD,
  type Alternative,
  type CategoryRule,
  type ChildLookup,
  type PayloadSchemas,
  type RuleNotes,
  type RuleSource,
  type ValidateOptions,
  type ValidationWarning,
} from '@x/client-runtime/validation';
export {
  deserializeMessage,
  FORBIDDEN_FIELD,
  INVALID_CONTENT,
  NOT_NULL,
  PROBLEM_PARSE_OPTIONS,
  problemErrorMap,
  problemFieldErrors,
  problemMessage,
  problemShape,
  springPath,
  SUPPORTED_MEDIA_TYPES,
  toProblemErrors,
  unsupportedMediaTypeDetail,
  unsupportedMediaTypeProblem,
  type FieldError,
  type FieldsProblem,
  type SupportedMediaType,
  type UnsupportedMediaTypeProblem,
  type ValidationProblem,
} from './problem.js';

/**
 * What every validator returns: the parsed body, or the problem-details 400 body of the documented rules; and the warnings.
 *
 * @example
 * const outcome: ValidationOutcome = validatePayload('listings', 'update', body);
 * if (!outcome.success) console.error(outcome.errors.errors);
 */
export type ValidationOutcome<T = unknown> = SharedOutcome<T, ValidationProblem>;

/**
 * Parses `body` and answers like the server: the parsed data, or the 400 body of the documented rules; the
 * reconstruction's rules are warnings (errors with `strict`).
 *
 * @example
 * const outcome = runValidation({ schema: mediaRequestTicketSchema, strict: mediaRequestTicketStrictSchema, notes }, body);
 */
export const runValidation = validationRunner(problemShape);
