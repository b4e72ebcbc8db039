/**
 * `@x/pro-import-client/validators`: validate any payload of any vehicle type (and V3) by name, and turn zod issues
 * into the API's 400 body. This entry imports every type's validators; in a browser bundle prefer the per-type
 * subpath (`@x/pro-import-client/validators/car`), which imports only that type's catalogue.
 *
 * The documented rules refuse; the rules the snapshot's reconstruction inferred or designed (see PROVENANCE.md) are
 * warnings, and errors with `{ strict: true }`.
 */
import { mergedValidators, payloadValidators } from '../generated/validators/index.gen.js';
import type { ValidateOptions, ValidationOutcome } from '../runtime/validation/index.js';

export {
  DRF_PARSE_OPTIONS,
  FORBIDDEN_FIELD,
  NON_FIELD_ERRORS,
  UNKNOWN_FIELD,
  drfErrorMap,
  drfMessage,
  toDrfErrors,
  type DrfErrorBody,
  type FieldErrors,
  type RuleSource,
  type ValidateOptions,
  type ValidationOutcome,
  type ValidationWarning,
} from '../runtime/validation/index.js';
export { mergedValidators, payloadValidators };

/** The payloads a resource accepts: POST, PUT, PATCH and migrate bodies (V3 has no migrate). */
export type PayloadKind = 'create' | 'update' | 'patch' | 'migrate';
/** A resource `validatePayload` knows: every vehicle type, and `v3`. */
export type ResourceName = keyof typeof payloadValidators;

const PAYLOAD_KINDS: readonly PayloadKind[] = ['create', 'update', 'patch', 'migrate'];

type Validator = (body: unknown, options?: ValidateOptions) => ValidationOutcome;

/** Every resource `validatePayload` accepts, sorted. */
export const resourceNames: readonly string[] = Object.keys(payloadValidators).sort();

/**
 * Validates `body` as the `kind` payload of `resource`, the way the server would: the parsed body with defaults
 * applied, or the exact 400 body of the documented rules, and warnings for the rules that are not documented
 * (errors with `{ strict: true }`). Throws for a resource or kind that does not exist (a programming error, not a
 * validation result).
 *
 * @example
 * const outcome = validatePayload('car', 'create', body);
 * if (!outcome.success) console.error(outcome.errors); // { title: ['This field is not allowed for this vehicle type.'] }
 * for (const w of outcome.warnings) console.warn(`${w.path}: ${w.message} (${w.source.kind}: ${w.source.reason})`);
 */
export function validatePayload(resource: string, kind: PayloadKind, body: unknown, options?: ValidateOptions): ValidationOutcome {
  const validators: Partial<Record<PayloadKind, Validator>> | undefined = Object.hasOwn(payloadValidators, resource)
    ? payloadValidators[resource as ResourceName]
    : undefined;
  if (validators === undefined) {
    throw new Error(`validatePayload: unknown resource "${resource}"; use one of ${resourceNames.join(', ')}.`);
  }
  const validate = PAYLOAD_KINDS.includes(kind) ? validators[kind] : undefined;
  if (validate === undefined) {
    const kinds = PAYLOAD_KINDS.filter((k) => validators[k] !== undefined);
    throw new Error(`validatePayload: "${resource}" has no "${String(kind)}" payload; use one of ${kinds.join(', ')}.`);
  }
  return validate(body, options);
}

/**
 * Validates the stored ad with a merge-patch body (PUT and PATCH: "Both PUT and PATCH use deep merge semantics") merged
 * in, the way the server sees it: the rules that span a nested object (contact's email, latitude with longitude,
 * required category fields, V3's fields per category) apply to the merged ad, since the body alone may send any part of
 * it. `merged` is the stored ad's writable fields with the body deep-merged into them. Throws for a resource or kind
 * whose body is not a merge patch.
 *
 * @example
 * const outcome = validateMerged('boat', 'patch', { ...storedFields, contact: { ...storedFields.contact, phone: '0701234567' } });
 */
export function validateMerged(resource: string, kind: PayloadKind, merged: unknown, options?: ValidateOptions): ValidationOutcome {
  const validators: Partial<Record<PayloadKind, Validator>> | undefined = Object.hasOwn(mergedValidators, resource)
    ? (mergedValidators as Record<string, Partial<Record<PayloadKind, Validator>>>)[resource]
    : undefined;
  const validate = validators !== undefined && PAYLOAD_KINDS.includes(kind) ? validators[kind] : undefined;
  if (validate === undefined) throw new Error(`validateMerged: "${resource}" has no merge-patch "${String(kind)}" payload.`);
  return validate(merged, options);
}

/** Whether `kind` bodies of `resource` are merge patches (see `validateMerged`). */
export function isMergePatch(resource: string, kind: PayloadKind): boolean {
  return Object.hasOwn(mergedValidators, resource) && Object.hasOwn((mergedValidators as Record<string, object>)[resource] ?? {}, kind);
}
