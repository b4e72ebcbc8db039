import type { z } from 'zod';
import { flattenErrors } from '../errors.js';
import { drfErrorMap, FORBIDDEN_FIELD, toDrfErrors, type DrfErrorBody } from './drf-errors.js';

/** How every validator parses: DRF wording, and the input kept on issues so "required" and bad choices can be told. */
export const DRF_PARSE_OPTIONS = { reportInput: true, error: drfErrorMap } as const;

/** Where a rule that only warns comes from: the reconstruction's reasoning (`inferred`) or its design (`reconstructed`). */
export type RuleSource = { readonly kind: 'inferred' | 'reconstructed'; readonly reason: string };

/** The rules a payload only warns about, by field path (list positions left out) and JSON Schema keyword. */
export type RuleNotes = Readonly<Record<string, Readonly<Record<string, RuleSource>>>>;

/**
 * A rule the body breaks that the documentation does not state: the reconstruction inferred or designed it, so the
 * real server may well accept the body. Reported, never refused (unless `strict`).
 */
export type ValidationWarning = {
  /** Dotted path of the field: `category_fields.brand`, `price.0.amount`; `''` for the body itself. */
  readonly path: string;
  /** What the rule says, in the server's words. */
  readonly message: string;
  /** Why it is only a warning. */
  readonly source: RuleSource;
};

/**
 * What every validator returns: the parsed body (defaults applied) or the body the server would answer a 400 with,
 * and the warnings about rules that are not documented.
 */
export type ValidationOutcome<T = unknown> =
  | { success: true; data: T; warnings: ValidationWarning[] }
  | { success: false; errors: DrfErrorBody; warnings: ValidationWarning[] };

export type ValidateOptions = {
  /** Refuse on the reconstruction's rules too: their warnings become errors. Default `false`. */
  strict?: boolean;
};

/** One payload's validators: the documented rules, every rule, and where the undocumented ones come from. */
export type PayloadSchemas<S extends z.ZodType> = { schema: S; strict: z.ZodType; notes: RuleNotes };

/** The message a warning about an unknown field gets (in strict mode it is the error `FORBIDDEN_FIELD`). */
export const UNKNOWN_FIELD = 'Not a field of this schema: the server most likely ignores it (a typo?).';
const FALLBACK: RuleSource = { kind: 'reconstructed', reason: 'The documentation does not state this rule.' };

/**
 * Parses `body` and answers like the server: the parsed data, or the 400 body of the documented rules; the rules
 * the reconstruction inferred or designed are warnings (errors with `strict`). A valid body is parsed once.
 *
 * @example
 * const outcome = runValidation({ schema: carCreateSchema, strict: carCreateStrictSchema, notes }, body);
 * if (!outcome.success) console.log(outcome.errors); // { title: ['This field is not allowed for this vehicle type.'] }
 */
export function runValidation<S extends z.ZodType>(
  schemas: PayloadSchemas<S>,
  body: unknown,
  options: ValidateOptions = {},
): ValidationOutcome<z.output<S>> {
  const full = schemas.strict.safeParse(body, DRF_PARSE_OPTIONS);
  // Every documented rule is also in the strict schema, so a body that passes it passes both.
  if (full.success) return { success: true, data: full.data as z.output<S>, warnings: [] };
  const strictErrors = toDrfErrors(full.error.issues);
  if (options.strict === true || schemas.strict === schemas.schema) return { success: false, errors: strictErrors, warnings: [] };
  const documented = schemas.schema.safeParse(body, DRF_PARSE_OPTIONS);
  const errors = documented.success ? undefined : toDrfErrors(documented.error.issues);
  const warnings = warningsOf(strictErrors, errors, schemas.notes);
  if (documented.success) return { success: true, data: documented.data, warnings };
  return { success: false, errors: errors ?? [], warnings };
}

/** The strict errors that are not documented errors, each with the source of its rule. */
function warningsOf(strict: DrfErrorBody, documented: DrfErrorBody | undefined, notes: RuleNotes): ValidationWarning[] {
  const refused = new Set((documented === undefined ? [] : flattenErrors(documented)).flatMap((p) => p.messages.map((m) => `${p.path}\0${m}`)));
  const warnings: ValidationWarning[] = [];
  for (const problem of flattenErrors(strict)) {
    for (const message of problem.messages) {
      if (refused.has(`${problem.path}\0${message}`)) continue;
      const unknownField = message === FORBIDDEN_FIELD;
      warnings.push({ path: problem.path, message: unknownField ? UNKNOWN_FIELD : message, source: sourceOf(notes, problem.path, message) });
    }
  }
  return warnings;
}

/** The source of the rule behind one strict error, found by the field's path and the kind of message. */
function sourceOf(notes: RuleNotes, path: string, message: string): RuleSource {
  const segments = path.split('.').filter((s) => s !== '' && !/^\d+$/.test(s));
  const key = segments.join('.');
  const parent = segments.slice(0, -1).join('.');
  const own = notes[key] ?? {};
  const pick = (...keywords: string[]): RuleSource | undefined => keywords.map((k) => own[k]).find((s) => s !== undefined);
  let found: RuleSource | undefined;
  if (message === FORBIDDEN_FIELD) found = notes[parent]?.['additionalProperties'];
  else if (message === 'This field is required.') found = pick('required', 'x-rules');
  else if (message.endsWith('is not a valid choice.')) found = pick('enum', 'const');
  found ??= pick('oneOf', 'type', 'pattern', 'format', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'enum', 'const', 'required', 'x-rules');
  return found ?? Object.values(own)[0] ?? FALLBACK;
}
