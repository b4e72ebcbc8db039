export {
  childOf,
  exactlyOneOf,
  requiredForCategories,
  uniqueItems,
  type Alternative,
  type CategoryRule,
  type ChildLookup,
} from './checks.js';
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
} from './drf-errors.js';
export {
  DRF_PARSE_OPTIONS,
  UNKNOWN_FIELD,
  runValidation,
  type PayloadSchemas,
  type RuleNotes,
  type RuleSource,
  type ValidateOptions,
  type ValidationOutcome,
  type ValidationWarning,
} from './validate.js';
