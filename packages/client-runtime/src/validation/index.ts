/**
 * `@x/client-runtime/validation`: what the generated validators of every API use. Each client binds
 * `validationRunner` to its API's error shape in its own `runtime/validation` module.
 */
export {
  childOf,
  coerce,
  exactlyOneOf,
  noneOf,
  OBJECT_LEVEL,
  requiredForCategories,
  requiredOneOfForCategories,
  uniqueItems,
  type Alternative,
  type CategoryAlternativesRule,
  type CategoryRule,
  type ChildLookup,
  type Coercion,
} from './checks.js';
export {
  UNKNOWN_FIELD,
  validationRunner,
  type ErrorShape,
  type FieldProblem,
  type PayloadSchemas,
  type RuleNotes,
  type RuleSource,
  type RunnerOptions,
  type ValidateOptions,
  type ValidationOutcome,
  type ValidationWarning,
} from './validate.js';
