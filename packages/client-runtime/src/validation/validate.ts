/**
 * Running a generated payload validator: the documented rules refuse, in the words and the shape of the API's own
 * 400 body; the rules the snapshot's reconstruction inferred or designed are warnings (errors in strict mode). The
 * error shape (DRF field errors, Spring problem details, ...) is each API's: it comes in as an `ErrorShape`.
 */
import * as zod from 'zod';
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

/** Settings of `validationRunner` (for tests: the defaults are what every client uses). */
export type RunnerOptions = {
  /**
   * A schema is compiled with zod's ahead-of-time compiler (`z.compile`, where the installed zod has it and
   * `jitless` is off) once it has been parsed this many times: compiling costs milliseconds, so a schema parsed a
   * few times never pays for it. Default 100; `Infinity` never compiles.
   */
  compileAfter?: number;
};

type Parsed = { success: true; data: unknown } | { success: false; error: { issues: core.$ZodIssue[] } };
type Schema = { safeParse(body: unknown, options?: core.ParseContext<core.$ZodIssue>): Parsed };

/** zod's ahead-of-time compiler: in zod since 4.6; undefined before, and then every schema runs on zod's parser. */
const compileSchema = (zod as { compile?: <T>(schema: T) => T }).compile;

/**
 * The schema as it parses fastest: compiled (a clone whose valid inputs take generated code and whose invalid ones
 * fall back to zod's own parser, so issues are the same) once it has been used `compileAfter` times.
 */
function speedUp(compileAfter: number): (schema: z.ZodType) => Schema | undefined {
  const uses = new WeakMap<z.ZodType, number | Schema>();
  return (schema) => {
    const seen = uses.get(schema) ?? 0;
    if (typeof seen !== 'number') return seen;
    if (seen + 1 < compileAfter || compileSchema === undefined || zod.config().jitless === true) {
      uses.set(schema, seen + 1);
      return undefined;
    }
    // z.compile never throws: a schema it cannot compile comes back as it is, and is then parsed as before.
    const compiled = compileSchema(schema) as Schema;
    uses.set(schema, compiled);
    return compiled;
  };
}

/**
 * The `runValidation` of one API: parses `body` and answers like the server, the parsed data or the 400 body of the
 * documented rules, with the rules the reconstruction inferred or designed as warnings (errors with `strict`).
 *
 * How it stays as fast as a plain zod schema: a valid body is parsed without the error shape's options (a compiled
 * schema never reads them for a valid body; an uncompiled one is parsed with them only once it failed), and the
 * warnings of a refused body, which need the strict schema's issues in the server's words, are worked out when
 * `warnings` is first read (from the body as it is then: read them before changing the body).
 *
 * @example
 * export const runValidation = validationRunner(drfShape);
 * runValidation({ schema: carCreateSchema, strict: carCreateStrictSchema, notes }, body);
 */
export function validationRunner<E>(shape: ErrorShape<E>, runnerOptions: RunnerOptions = {}) {
  const fast = speedUp(runnerOptions.compileAfter ?? 100);
  /** Parses with the server's wording on failure, and as fast as zod can on success. */
  const parse = (schema: z.ZodType, body: unknown): Parsed => {
    const compiled = fast(schema);
    if (compiled !== undefined) return compiled.safeParse(body, shape.parseOptions);
    const plain = (schema as Schema).safeParse(body);
    return plain.success ? plain : (schema as Schema).safeParse(body, shape.parseOptions);
  };
  return function runValidation<S extends z.ZodType>(schemas: PayloadSchemas<S>, body: unknown, options: ValidateOptions = {}): ValidationOutcome<z.output<S>, E> {
    if (options.strict === true || schemas.strict === schemas.schema) {
      const full = parse(schemas.strict, body);
      if (full.success) return { success: true, data: full.data as z.output<S>, warnings: [] };
      return { success: false, errors: shape.toErrors(full.error.issues), warnings: [] };
    }
    // The documented rules first: what they refuse decides the answer, and the strict schema (every documented rule
    // and more) is parsed for the warnings only, once they are read.
    const documented = parse(schemas.schema, body);
    if (!documented.success) {
      const errors = shape.toErrors(documented.error.issues);
      return refused(errors, () => {
        // It refuses what the documented schema refused, so straight to zod's parser with the server's wording.
        const full = (schemas.strict as Schema).safeParse(body, shape.parseOptions);
        return full.success ? [] : warningsOf(shape, shape.toErrors(full.error.issues), errors, schemas.notes);
      });
    }
    const full = parse(schemas.strict, body);
    if (full.success) return { success: true, data: full.data as z.output<S>, warnings: [] };
    return { success: true, data: documented.data as z.output<S>, warnings: warningsOf(shape, shape.toErrors(full.error.issues), undefined, schemas.notes) };
  };
}

/** A refused body's outcome whose warnings are worked out on first read (then kept, and writable as before). */
function refused<E>(errors: E, warnings: () => ValidationWarning[]): { success: false; errors: E; warnings: ValidationWarning[] } {
  let computed: ValidationWarning[] | undefined;
  return {
    success: false,
    errors,
    get warnings(): ValidationWarning[] {
      computed ??= warnings();
      return computed;
    },
    set warnings(value: ValidationWarning[]) {
      computed = value;
    },
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
