/**
 * Running a generated payload validator: the documented rules refuse, in the words and the shape of the API's own
 * 400 body; the rules the snapshot's reconstruction inferred or designed are warnings (errors in strict mode). The
 * error shape (DRF field errors, Spring problem details, ...) is each API's: it comes in as an `ErrorShape`.
 */
import type { core, z } from 'zod';

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
export type ValidationOutcome<T = unknown, E = unknown> =
  | { success: true; data: T; warnings: ValidationWarning[] }
  | { success: false; errors: E; warnings: ValidationWarning[] };

export type ValidateOptions = {
  /** Refuse on the reconstruction's rules too: their warnings become errors. Default `false`. */
  strict?: boolean;
};

/** One problem of an error body, flattened: `path` dotted, `''` for the body itself. */
export type FieldProblem = { path: string; messages: string[] };

/** How an API words and shapes validation errors. */
export type ErrorShape<E> = {
  /** zod parse options: `reportInput: true` and the error map that words messages like the server. */
  readonly parseOptions: core.ParseContext<core.$ZodIssue>;
  /** zod issues -> the server's 400 body. */
  toErrors(issues: readonly core.$ZodIssue[]): E;
  /** The body flattened, to tell the errors of the strict schema from those of the documented one. */
  flatten(errors: E): FieldProblem[];
  /** The message a field that must not be sent gets (strict mode also words an unknown field so). */
  readonly forbiddenMessage: string;
  /** Which keyword a message is about, when the message says it (`required`, `enum`); for the warning's source. */
  keywordOf(message: string): 'required' | 'enum' | undefined;
};

/** One payload's validators: the documented rules, every rule, and where the undocumented ones come from. */
export type PayloadSchemas<S extends z.ZodType> = { schema: S; strict: z.ZodType; notes: RuleNotes };

/** The message a warning about an unknown field gets (in strict mode the error is the shape's forbidden message). */
export const UNKNOWN_FIELD = 'Not a field of this schema: the server most likely ignores it (a typo?).';
const FALLBACK: RuleSource = { kind: 'reconstructed', reason: 'The documentation does not state this rule.' };

/**
 * The `runValidation` of one API: parses `body` and answers like the server, the parsed data or the 400 body of the
 * documented rules, with the rules the reconstruction inferred or designed as warnings (errors with `strict`). A
 * valid body is parsed once.
 *
 * @example
 * export const runValidation = validationRunner(drfShape);
 * runValidation({ schema: carCreateSchema, strict: carCreateStrictSchema, notes }, body);
 */
export function validationRunner<E>(shape: ErrorShape<E>) {
  return function runValidation<S extends z.ZodType>(schemas: PayloadSchemas<S>, body: unknown, options: ValidateOptions = {}): ValidationOutcome<z.output<S>, E> {
    const full = schemas.strict.safeParse(body, shape.parseOptions);
    // Every documented rule is also in the strict schema, so a body that passes it passes both.
    if (full.success) return { success: true, data: full.data as z.output<S>, warnings: [] };
    const strictErrors = shape.toErrors(full.error.issues);
    if (options.strict === true || schemas.strict === schemas.schema) return { success: false, errors: strictErrors, warnings: [] };
    const documented = schemas.schema.safeParse(body, shape.parseOptions);
    const errors = documented.success ? undefined : shape.toErrors(documented.error.issues);
    const warnings = warningsOf(shape, strictErrors, errors, schemas.notes);
    if (documented.success) return { success: true, data: documented.data, warnings };
    return { success: false, errors: errors as E, warnings };
  };
}

/** The strict errors that are not documented errors, each with the source of its rule. */
function warningsOf<E>(shape: ErrorShape<E>, strict: E, documented: E | undefined, notes: RuleNotes): ValidationWarning[] {
  const refused = new Set((documented === undefined ? [] : shape.flatten(documented)).flatMap((p) => p.messages.map((m) => `${p.path}\0${m}`)));
  const warnings: ValidationWarning[] = [];
  for (const problem of shape.flatten(strict)) {
    for (const message of problem.messages) {
      if (refused.has(`${problem.path}\0${message}`)) continue;
      const unknownField = message === shape.forbiddenMessage;
      warnings.push({
        path: problem.path,
        message: unknownField ? UNKNOWN_FIELD : message,
        source: sourceOf(notes, problem.path, unknownField ? 'additionalProperties' : shape.keywordOf(message)),
      });
    }
  }
  return warnings;
}

/** The source of the rule behind one strict error, found by the field's path and what the message is about. */
function sourceOf(notes: RuleNotes, path: string, about: 'required' | 'enum' | 'additionalProperties' | undefined): RuleSource {
  const segments = path.split('.').filter((s) => s !== '' && !/^\d+$/.test(s));
  // A map entry (`attributes.color`) has no notes of its own: its rule is the map's, so look up the nearest parent.
  let own: Readonly<Record<string, RuleSource>> = {};
  for (let end = segments.length; end > 0; end--) {
    const found = notes[segments.slice(0, end).join('.')];
    if (found !== undefined) {
      own = found;
      break;
    }
  }
  const pick = (...keywords: string[]): RuleSource | undefined => keywords.map((k) => own[k]).find((s) => s !== undefined);
  let found: RuleSource | undefined;
  if (about === 'additionalProperties') found = notes[segments.slice(0, -1).join('.')]?.['additionalProperties'];
  else if (about === 'required') found = pick('required', 'x-rules');
  else if (about === 'enum') found = pick('enum', 'const');
  found ??= pick('oneOf', 'type', 'pattern', 'format', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'enum', 'const', 'required', 'x-rules');
  return found ?? Object.values(own)[0] ?? FALLBACK;
}
