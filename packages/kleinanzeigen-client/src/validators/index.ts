/**
 * `@x/kleinanzeigen-client/validators`: validate any request body of the API by resource and kind, and turn zod
 * issues into the server's 400 body (Spring problem details with Hibernate Validator's wording). This entry imports
 * every resource's validators; a bundle that needs one resource can import `@x/kleinanzeigen-client/validators/<resource>`.
 *
 * The documented rules refuse; the rules the snapshot's reconstruction inferred or designed (see PROVENANCE.md) are
 * warnings, and errors with `{ strict: true }`.
 */
import {
  UNKNOWN_FIELD as SHARED_UNKNOWN_FIELD,
  type RuleSource as SharedRuleSource,
  type ValidateOptions as SharedValidateOptions,
  type ValidationWarning as SharedValidationWarning,
} from '@x/client-runtime/validation';
import { payloadValidators as generatedValidators } from '../generated/validators/index.gen.js';
import type { ValidationOutcome } from '../runtime/validation/index.js';

export {
  FORBIDDEN_FIELD,
  INVALID_CONTENT,
  NOT_NULL,
  PROBLEM_PARSE_OPTIONS,
  SUPPORTED_MEDIA_TYPES,
  problemErrorMap,
  problemFieldErrors,
  problemMessage,
  springPath,
  toProblemErrors,
  unsupportedMediaTypeDetail,
  unsupportedMediaTypeProblem,
  type FieldError,
  type FieldsProblem,
  type SupportedMediaType,
  type ValidationOutcome,
  type ValidationProblem,
} from '../runtime/validation/index.js';

/**
 * Every validator by resource and kind (`payloadValidators.media.requestTicket(body)`). Importing this imports all.
 *
 * @example
 * const outcome = payloadValidators.listings.update({ price: { type: 'FIXED' } });
 */
export const payloadValidators = generatedValidators;

/**
 * `{ strict: true }` turns the warnings about undocumented rules into errors.
 *
 * @example
 * const options: ValidateOptions = { strict: true };
 * validatePayload('listings', 'create', body, options);
 */
export type ValidateOptions = SharedValidateOptions;

/**
 * A rule a body breaks that the documentation does not state: reported, the body is valid all the same (unless strict).
 *
 * @example
 * for (const w of validatePayload('listings', 'create', body).warnings) console.warn(w.path, w.message, w.source.reason);
 */
export type ValidationWarning = SharedValidationWarning;

/**
 * Where a warned-about rule comes from: the reconstruction's reasoning (`inferred`) or its design (`reconstructed`).
 *
 * @example
 * const guesses = outcome.warnings.filter((w) => w.source.kind === 'reconstructed');
 */
export type RuleSource = SharedRuleSource;

/**
 * The warning message of a field the schema does not have (the server most likely ignores it: a typo?).
 *
 * @example
 * const typos = outcome.warnings.filter((w) => w.message === UNKNOWN_FIELD).map((w) => w.path);
 */
export const UNKNOWN_FIELD: string = SHARED_UNKNOWN_FIELD;

/**
 * A resource `validatePayload` knows: `listings`, `imprints`, `media`, `publications`.
 *
 * @example
 * const resource: ResourceName = 'media';
 */
export type ResourceName = keyof typeof payloadValidators;
/**
 * The request bodies a resource has, by the client method that sends them (`create`, `update`, `attach`, ...).
 *
 * @example
 * const kind: PayloadKind<'media'> = 'requestTicket';
 */
export type PayloadKind<R extends ResourceName = ResourceName> = R extends ResourceName ? keyof (typeof payloadValidators)[R] & string : never;

type Validator = (body: unknown, options?: ValidateOptions) => ValidationOutcome;

/**
 * Every resource `validatePayload` accepts, sorted.
 *
 * @example
 * resourceNames; // ['imprints', 'listings', 'media', 'publications']
 */
export const resourceNames: readonly string[] = Object.keys(payloadValidators).sort();

/**
 * Validates `body` as the `kind` body of `resource` (`kind` is the client method that sends it: `create`, `update`,
 * `attach`, `reorder`, `requestTicket`, `republish`), the way the server would: the parsed body, or the exact 400
 * body of the documented rules, and warnings for the rules that are not documented (errors with
 * `{ strict: true }`). Throws for a resource or kind that does not exist (a programming error, not a validation
 * result).
 *
 * @example
 * const outcome = validatePayload('listings', 'update', { price: { type: 'FIXED' } });
 * if (!outcome.success) console.error(outcome.errors.errors); // [{ field: 'price.amount', message: 'must not be null' }]
 * validatePayload('media', 'requestTicket', { mediaType: 'image/gif' }).errors?.status; // 415, the documented answer
 * for (const w of outcome.warnings) console.warn(`${w.path}: ${w.message} (${w.source.kind}: ${w.source.reason})`);
 */
export function validatePayload(resource: string, kind: string, body: unknown, options?: ValidateOptions): ValidationOutcome {
  const validators: Readonly<Record<string, Validator>> | undefined = Object.hasOwn(payloadValidators, resource)
    ? (payloadValidators[resource as ResourceName] as Readonly<Record<string, Validator>>)
    : undefined;
  if (validators === undefined) {
    throw new Error(`validatePayload: unknown resource "${resource}"; use one of ${resourceNames.join(', ')}.`);
  }
  const validate = Object.hasOwn(validators, kind) ? validators[kind] : undefined;
  if (validate === undefined) {
    throw new Error(`validatePayload: "${resource}" has no "${kind}" body; use one of ${Object.keys(validators).sort().join(', ')}.`);
  }
  return validate(body, options);
}
