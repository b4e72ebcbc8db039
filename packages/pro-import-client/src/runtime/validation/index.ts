/**
 * What this client's generated validators import: the shared checks, and the shared runner bound to DRF's error
 * shape (the Pro Import API is Django REST Framework).
 */
import { validationRunner } from '@x/client-runtime/validation';
import { drfShape } from './drf-errors.js';

export {
  childOf,
  coerce,
  exactlyOneOf,
  noneOf,
  requiredForCategories,
  requiredOneOfForCategories,
  uniqueItems,
  UNKNOWN_FIELD,
  type Alternative,
  type CategoryAlternativesRule,
  type CategoryRule,
  type Coercion,
  type ChildLookup,
  type PayloadSchemas,
  type RuleNotes,
  type RuleSource,
  type ValidateOptions,
  type ValidationWarning,
} from '@x/client-runtime/validation';
export {
  FORBIDDEN_FIELD,
  NON_FIELD,
  NON_FIELD_ERRORS,
  drfErrorMap,
  drfMessage,
  drfShape,
  pythonType,
  toDrfErrors,
  type DrfErrorBody,
  type FieldErrors,
} from './drf-errors.js';

import type { ValidationOutcome as SharedOutcome } from '@x/client-runtime/validation';
import type { DrfErrorBody } from './drf-errors.js';

/** What every validator returns: the parsed body, or the DRF 400 body of the documented rules; and the warnings. */
export type ValidationOutcome<T = unknown> = SharedOutcome<T, DrfErrorBody>;

/** How every validator parses: DRF wording, and the input kept on issues so "required" and bad choices can be told. */
export const DRF_PARSE_OPTIONS = drfShape.parseOptions;

/**
 * Parses `body` and answers like the server: the parsed data, or the 400 body of the documented rules; the
 * reconstruction's rules are warnings (errors with `strict`).
 *
 * @example
 * const outcome = runValidation({ schema: carCreateSchema, strict: carCreateStrictSchema, notes }, body);
 */
export const runValidation = validationRunner(drfShape);
