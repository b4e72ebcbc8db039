import type { z } from 'zod';
import { drfErrorMap, toDrfErrors, type ValidationOutcome } from './drf-errors.js';

/** How every validator parses: DRF wording, and the input kept on issues so "required" and bad choices can be told. */
export const DRF_PARSE_OPTIONS = { reportInput: true, error: drfErrorMap } as const;

/**
 * Parses `body` with `schema` and answers like the server: the parsed data, or the 400 body.
 *
 * @example
 * const outcome = runValidation(carCreateSchema, body);
 * if (!outcome.success) console.log(outcome.errors); // { category_fields: { brand: ['"x" is not a valid choice.'] } }
 */
export function runValidation<S extends z.ZodType>(schema: S, body: unknown): ValidationOutcome<z.output<S>> {
  const result = schema.safeParse(body, DRF_PARSE_OPTIONS);
  if (result.success) return { success: true, data: result.data };
  return { success: false, errors: toDrfErrors(result.error.issues) };
}
