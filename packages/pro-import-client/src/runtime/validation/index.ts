export { childOf, exactlyOneOf, requiredByCategory, uniqueItems, type CategoryRules, type ChildLookup } from './checks.js';
export {
  FORBIDDEN_FIELD,
  NON_FIELD,
  NON_FIELD_ERRORS,
  drfErrorMap,
  drfMessage,
  pythonType,
  toDrfErrors,
  type DrfErrorBody,
  type FieldErrors,
  type ValidationOutcome,
} from './drf-errors.js';
export { DRF_PARSE_OPTIONS, runValidation } from './validate.js';
