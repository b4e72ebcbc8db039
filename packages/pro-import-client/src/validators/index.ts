/**
 * `@x/pro-import-client/validators`: validate any payload of any vehicle type (and V3) by name, and turn zod issues
 * into the API's 400 body. This entry imports every type's validators; in a browser bundle prefer the per-type
 * subpath (`@x/pro-import-client/validators/car`), which imports only that type's catalogue.
 */
import type { z } from 'zod';
import { payloadSchemas } from '../generated/validators/index.gen.js';
import { runValidation } from '../runtime/validation/validate.js';
import type { ValidationOutcome } from '../runtime/validation/drf-errors.js';

export {
  DRF_PARSE_OPTIONS,
  FORBIDDEN_FIELD,
  NON_FIELD_ERRORS,
  drfErrorMap,
  drfMessage,
  toDrfErrors,
  type DrfErrorBody,
  type FieldErrors,
  type ValidationOutcome,
} from '../runtime/validation/index.js';
export { payloadSchemas };

/** The payloads a resource accepts: POST, PUT, PATCH and migrate bodies (V3 has no migrate). */
export type PayloadKind = 'create' | 'update' | 'patch' | 'migrate';
/** A resource `validatePayload` knows: every vehicle type, and `v3`. */
export type ResourceName = keyof typeof payloadSchemas;

const PAYLOAD_KINDS: readonly PayloadKind[] = ['create', 'update', 'patch', 'migrate'];

/** Every resource `validatePayload` accepts, sorted. */
export const resourceNames: readonly string[] = Object.keys(payloadSchemas).sort();

/**
 * Validates `body` as the `kind` payload of `resource`, the way the server would: the parsed body with defaults
 * applied, or the exact 400 body. Throws for a resource or kind that does not exist (a programming error, not a
 * validation result).
 *
 * @example
 * const outcome = validatePayload('car', 'create', body);
 * if (!outcome.success) console.error(outcome.errors); // { category_fields: { brand: ['"x" is not a valid choice.'] } }
 */
export function validatePayload(resource: string, kind: PayloadKind, body: unknown): ValidationOutcome {
  const schemas: Partial<Record<PayloadKind, z.ZodType>> | undefined = Object.hasOwn(payloadSchemas, resource) ? payloadSchemas[resource as ResourceName] : undefined;
  if (schemas === undefined) {
    throw new Error(`validatePayload: unknown resource "${resource}"; use one of ${resourceNames.join(', ')}.`);
  }
  const schema = PAYLOAD_KINDS.includes(kind) ? schemas[kind] : undefined;
  if (schema === undefined) {
    const kinds = PAYLOAD_KINDS.filter((k) => schemas[k] !== undefined);
    throw new Error(`validatePayload: "${resource}" has no "${String(kind)}" payload; use one of ${kinds.join(', ')}.`);
  }
  return runValidation(schema, body);
}
