/**
 * Zod issues -> the 400 body the Kleinanzeigen gateway (Spring Boot) answers: an RFC 9457 problem-details object
 * whose top-level `errors` member lists the refused fields (Spring serialises `ProblemDetail.properties` as top-level
 * members), worded like Hibernate Validator's default messages and, for a value of the wrong type, like Jackson. This
 * is the one error mapper: the validators, the client's validation error and the testkit's fake all use it.
 */
import type { ErrorShape, FieldProblem } from '@x/client-runtime/validation';
import type { core } from 'zod';

/**
 * One refused field: its property path as Spring's binding result writes it (`price.amount`, `urls[0]`).
 *
 * @example
 * const error: FieldError = { field: 'price.amount', message: 'must not be null' };
 */
export type FieldError = { field: string; message: string };

/**
 * The body the validators answer for a refused request, as the server would: a 400 with the refused fields, or the
 * documented 415 of `POST /v1/media` for a media type it does not take (`UnsupportedMediaTypeProblem`). The fake adds
 * `instance` and the empty `localizedTitle`, `localizedDetail` and `localizedMessage` members the real server's
 * bodies carry.
 *
 * @example
 * const body: ValidationProblem = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid request content.', errors: [{ field: 'title', message: 'must not be blank' }] };
 */
export type ValidationProblem = FieldsProblem | UnsupportedMediaTypeProblem;

/**
 * A 400 of the validators: the refused fields in `errors`.
 *
 * @example
 * const body: FieldsProblem = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid request content.', errors: [{ field: 'title', message: 'must not be blank' }] };
 */
export type FieldsProblem = {
  type: 'about:blank';
  title: 'Bad Request';
  status: 400;
  detail: string;
  errors: FieldError[];
};

/**
 * The documented 415 of `POST /v1/media` ("Unsupported media type: '<user-input>'. Supported types are: image/jpeg,
 * image/png"), which the validators answer for a `mediaType` string the API does not take, exactly as the server
 * does (no field errors).
 *
 * @example
 * const body: UnsupportedMediaTypeProblem = unsupportedMediaTypeProblem('image/gif');
 */
export type UnsupportedMediaTypeProblem = {
  type: 'about:blank';
  title: 'Unsupported Media Type';
  status: 415;
  detail: string;
  errors?: undefined;
};

/**
 * Spring 6's `detail` for a request body that failed `@Valid`.
 *
 * @example
 * if (error.detail === INVALID_CONTENT) for (const e of error.errors) console.log(e.field, e.message);
 */
export const INVALID_CONTENT = 'Invalid request content.';
/**
 * Wording for a field that must not be sent (and, in strict mode, for a field the schema does not have). Ours.
 *
 * @example
 * validatePayload('publications', 'republish', { x: 1 }); // errors: [{ field: 'x', message: FORBIDDEN_FIELD }]
 */
export const FORBIDDEN_FIELD = 'must not be present';
/**
 * Hibernate Validator's `@NotNull`: also what a required field that is absent gets.
 *
 * @example
 * validatePayload('imprints', 'create', {}); // errors: [{ field: 'content', message: NOT_NULL }]
 */
export const NOT_NULL = 'must not be null';

/**
 * The media types `POST /v1/media` accepts, in the order its 415 body names them.
 *
 * @example
 * const ok = (SUPPORTED_MEDIA_TYPES as readonly string[]).includes(file.type);
 */
export const SUPPORTED_MEDIA_TYPES = ['image/jpeg', 'image/png'] as const;
/**
 * A media type `POST /v1/media` accepts.
 *
 * @example
 * const mediaType: SupportedMediaType = name.endsWith('.png') ? 'image/png' : 'image/jpeg';
 */
export type SupportedMediaType = (typeof SUPPORTED_MEDIA_TYPES)[number];

type Issue = core.$ZodIssue | core.$ZodRawIssue;

function hasInput(issue: Issue): issue is Issue & { input: unknown } {
  return 'input' in issue;
}

/** Jackson's name for the kind of JSON value it could not read ("from String value"). */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Floating-point';
  if (typeof value === 'object' && value !== null) return 'Object';
  return 'null';
}

/** The Java type a Spring DTO most plausibly declares for a JSON Schema type (or a string format). */
const JAVA_TYPES: Record<string, string> = {
  string: 'java.lang.String',
  number: 'java.lang.Double',
  int: 'java.lang.Integer',
  bigint: 'java.lang.Long',
  boolean: 'java.lang.Boolean',
  array: 'java.util.ArrayList',
  object: 'java.util.LinkedHashMap',
  record: 'java.util.LinkedHashMap',
  uuid: 'java.util.UUID',
  guid: 'java.util.UUID',
  datetime: 'java.time.OffsetDateTime',
  date: 'java.time.LocalDate',
  url: 'java.net.URI',
};

/** Jackson's message for a value it cannot turn into `javaType` (`Cannot deserialize value of type ...`). */
export function deserializeMessage(javaType: string, input: unknown): string {
  return `Cannot deserialize value of type \`${javaType}\` from ${jsonKind(input)} value`;
}

function quoteValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/**
 * Hibernate's `@Size`: both bounds in one message (`@Size(min = 1)` prints `between 1 and 2147483647`). The bound the
 * issue does not carry comes from the schema's other size check, when the raw issue names its schema.
 */
function sizeMessage(issue: Issue & { code: 'too_small' | 'too_big' }): string {
  const other = otherBound(issue);
  const min = issue.code === 'too_small' ? issue.minimum : (other ?? 0);
  const max = issue.code === 'too_big' ? issue.maximum : (other ?? 2147483647);
  return `size must be between ${min} and ${max}`;
}

function otherBound(issue: Issue & { code: 'too_small' | 'too_big' }): number | bigint | undefined {
  const schema: unknown = 'schema' in issue ? issue.schema : undefined;
  if (schema === null || typeof schema !== 'object' || !('_zod' in schema)) return undefined;
  const checks = (schema as { _zod: { def: { checks?: readonly { _zod: { def: Record<string, unknown> } }[] } } })._zod.def.checks ?? [];
  const wanted = issue.code === 'too_small' ? ['max_length', 'size_less_than'] : ['min_length', 'size_greater_than'];
  for (const check of checks) {
    const def = check._zod.def;
    if (!wanted.includes(String(def['check']))) continue;
    const bound = issue.code === 'too_small' ? def['maximum'] : def['minimum'];
    if (typeof bound === 'number' || typeof bound === 'bigint') return bound;
  }
  return undefined;
}

function tooSmall(issue: Issue & { code: 'too_small' }, input: unknown): string {
  if (issue.origin === 'string' && issue.minimum === 1 && input === '') return 'must not be blank';
  if ((issue.origin === 'array' || issue.origin === 'set') && issue.minimum === 1) return 'must not be empty';
  if (issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set') return sizeMessage(issue);
  return issue.inclusive === false ? `must be greater than ${issue.minimum}` : `must be greater than or equal to ${issue.minimum}`;
}

function tooBig(issue: Issue & { code: 'too_big' }): string {
  if (issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set') return sizeMessage(issue);
  return issue.inclusive === false ? `must be less than ${issue.maximum}` : `must be less than or equal to ${issue.maximum}`;
}

/** `/^\d{5}$/` -> `^\d{5}$`, the form Hibernate's `@Pattern` message quotes. */
function regexSource(pattern: unknown): string {
  if (pattern instanceof RegExp) return pattern.source;
  const text = String(pattern);
  const literal = /^\/(.*)\/[a-z]*$/s.exec(text);
  return literal?.[1] ?? text;
}

function badFormat(issue: Issue & { code: 'invalid_format' }, input: unknown): string {
  if (issue.format === 'email') return 'must be a well-formed email address';
  if (issue.format === 'regex' || issue.format === 'starts_with' || issue.format === 'ends_with' || issue.format === 'includes') {
    return `must match "${regexSource('pattern' in issue ? issue.pattern : '')}"`;
  }
  // A UUID, date-time or URI is a Java type in a Spring DTO: Jackson refuses to read the value at all.
  const javaType = JAVA_TYPES[issue.format];
  if (javaType !== undefined) return deserializeMessage(javaType, input);
  return 'pattern' in issue && issue.pattern !== undefined ? `must match "${regexSource(issue.pattern)}"` : `must be a well-formed ${issue.format}`;
}

/** The shared checks (`@x/client-runtime/validation`) word their issues like DRF; these are Hibernate's words for them. */
const CUSTOM_MESSAGES: Record<string, string> = {
  'This field is required.': NOT_NULL,
  'This list may not contain duplicate items.': 'must only contain unique elements',
};

/** Whether the schema that raised a raw issue is an integer (`z.int()`), which zod reports as expecting a number. */
function fromInteger(issue: Issue): boolean {
  const inst: unknown = 'inst' in issue ? issue.inst : undefined;
  if (inst === null || typeof inst !== 'object' || !('_zod' in inst)) return false;
  const def: unknown = (inst as { _zod: { def: unknown } })._zod.def;
  return typeof def === 'object' && def !== null && 'format' in def && typeof def.format === 'string' && def.format.endsWith('int');
}

/**
 * The message the server gives for one zod issue: Hibernate Validator's default wording (`must not be null`,
 * `must not be blank`, `must match "<regex>"`, `size must be between N and M`, `must be greater than or equal to N`,
 * `must be a well-formed email address`), Jackson's for a value of the wrong type (`Cannot deserialize value of type
 * ...`), and ours for a value outside an enum (`must be one of [A, B]`: Spring answers a bad enum constant with a
 * Jackson deserialization error that lists the constants differently) and for a field that must not be sent
 * (`must not be present`). Needs the issue's `input` (parse with `reportInput: true`) to tell "required" from a
 * wrong type.
 *
 * @example
 * problemMessage({ code: 'invalid_value', values: ['image/jpeg', 'image/png'], input: 'image/gif', path: ['mediaType'], message: '' });
 * // 'must be one of [image/jpeg, image/png]'
 */
export function problemMessage(issue: Issue): string {
  const input = hasInput(issue) ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type':
      // `z.never()` is a field that must not be sent at all.
      if (issue.expected === 'never') return FORBIDDEN_FIELD;
      if (input === undefined || input === null) return NOT_NULL;
      return deserializeMessage(fromInteger(issue) ? 'java.lang.Integer' : (JAVA_TYPES[issue.expected] ?? 'java.lang.Object'), input);
    case 'invalid_value':
      if (input === undefined || input === null) return NOT_NULL;
      return `must be one of [${issue.values.map(quoteValue).join(', ')}]`;
    case 'too_small':
      return tooSmall(issue, input);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_format':
      return badFormat(issue, input);
    case 'not_multiple_of':
      // `multipleOf: 1` is how JSON Schema says integer; Jackson refuses a fraction for an `Integer` field.
      return issue.divisor === 1 ? deserializeMessage('java.lang.Integer', input) : `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return FORBIDDEN_FIELD;
    case 'custom': {
      const message = issue.message ?? 'is invalid';
      return CUSTOM_MESSAGES[message] ?? message;
    }
    default:
      return 'is invalid';
  }
}

/**
 * A zod error map that words every issue as the server does, so `error.message` and `toProblemErrors` agree. It sees
 * the schema that raised the issue, which the finished issue no longer carries: an integer field given a string, the
 * other bound of a `@Size`.
 *
 * @example
 * z.string().min(2).max(5).safeParse('x', { error: problemErrorMap }); // message 'size must be between 2 and 5'
 */
export function problemErrorMap(issue: core.$ZodRawIssue): string {
  return problemMessage(issue);
}

/**
 * How every validator parses: the server's wording, and the input kept on issues so "required" can be told.
 *
 * @example
 * const result = mySchema.safeParse(body, PROBLEM_PARSE_OPTIONS);
 * if (!result.success) return toProblemErrors(result.error.issues);
 */
export const PROBLEM_PARSE_OPTIONS: core.ParseContext<core.$ZodIssue> = { reportInput: true, error: problemErrorMap };

/** Whether a message is already in the server's words (the error map wrote it); else it is worded again. */
function isOurs(issue: core.$ZodIssue): boolean {
  if (issue.code === 'custom') return false;
  const message = issue.message;
  return message.startsWith('must ') || message.startsWith('size must be between ') || message.startsWith('Cannot deserialize value of type ');
}

type Key = string | number;

/**
 * A path as Spring's binding result writes it: properties dotted, list positions in brackets (`urls[0]`,
 * `items[2].name`); `''` for the body itself.
 *
 * @example
 * springPath(['location', 'zipCode']); // 'location.zipCode'
 * springPath(['urls', 0]); // 'urls[0]'
 */
export function springPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** A union failed: report the branch that got furthest (a branch whose type matched), else the first type error. */
function unionIssues(issue: core.$ZodIssueInvalidUnion): readonly core.$ZodIssue[] {
  const typed = issue.errors.find((branch) => branch.every((inner) => !(inner.code === 'invalid_type' && inner.path.length === 0)));
  if (typed !== undefined && typed.length > 0) return typed;
  const first = issue.errors[0]?.[0];
  if (first === undefined) return [];
  // The branch's own issue has no input when the union reported it; the union's input is the same value.
  return [hasInput(issue) ? (Object.assign({}, first, { input: issue.input }) as core.$ZodIssue) : first];
}

type Entry = { path: Key[]; message: string };

function collect(issue: core.$ZodIssue, prefix: readonly Key[], out: Entry[]): void {
  const path = [...prefix, ...issue.path.map((s) => (typeof s === 'number' ? s : String(s)))];
  if (issue.code === 'invalid_union') {
    for (const inner of unionIssues(issue)) collect(inner, path, out);
    return;
  }
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) out.push({ path: [...path, key], message: FORBIDDEN_FIELD });
    return;
  }
  // An object-level issue (a `oneOf` of the shared checks) is filed under the object's own path.
  out.push({ path, message: isOurs(issue) ? issue.message : problemMessage(issue) });
}

/** Payload order for list positions (`[2]` before `[10]`), alphabetical for names, shorter paths first. */
function comparePaths(a: readonly Key[], b: readonly Key[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const x = a[i] as Key;
    const y = b[i] as Key;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Turns zod issues into exactly the body the server answers a 400 with: one `{field, message}` per refused field and
 * rule, sorted by field (list positions in payload order) so the output is stable, each pair once.
 *
 * @example
 * const result = mediaRequestTicketSchema.safeParse({ mediaType: 'image/gif' }, PROBLEM_PARSE_OPTIONS);
 * if (!result.success) toProblemErrors(result.error.issues);
 * // { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid request content.',
 * //   errors: [{ field: 'mediaType', message: 'must be one of [image/jpeg, image/png]' }] }
 */
export function toProblemErrors(issues: readonly core.$ZodIssue[]): ValidationProblem {
  const unsupported = unsupportedMediaType(issues);
  if (unsupported !== undefined) return unsupportedMediaTypeProblem(unsupported);
  const entries: Entry[] = [];
  for (const issue of issues) collect(issue, [], entries);
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const entry of entries.map((e, index) => ({ ...e, index })).sort((a, b) => comparePaths(a.path, b.path) || a.index - b.index)) {
    const field = springPath(entry.path);
    const key = `${field}\0${entry.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ field, message: entry.message });
  }
  return { type: 'about:blank', title: 'Bad Request', status: 400, detail: INVALID_CONTENT, errors };
}

/** `urls[0].name` -> `urls.0.name`: the dotted form the shared runner's warnings and the PROVENANCE notes use. */
function dotted(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

function fieldErrorsOf(body: unknown): FieldError[] {
  if (body === null || typeof body !== 'object') return [];
  const record = body as Record<string, unknown>;
  const properties = record['properties'];
  const list = Array.isArray(record['errors'])
    ? record['errors']
    : properties !== null && typeof properties === 'object' && Array.isArray((properties as Record<string, unknown>)['errors'])
      ? ((properties as Record<string, unknown>)['errors'] as unknown[])
      : [];
  return list.flatMap((item): FieldError[] => {
    if (item === null || typeof item !== 'object') return [];
    const { field, message } = item as Record<string, unknown>;
    return typeof message === 'string' ? [{ field: typeof field === 'string' ? field : '', message }] : [];
  });
}

/**
 * The field errors of a problem body: its top-level `errors` (where Spring writes `ProblemDetail.properties`) or,
 * failing that, `properties.errors` (the literal reading of the schema table). Anything else has none.
 *
 * @example
 * problemFieldErrors({ status: 400, errors: [{ field: 'title', message: 'must not be blank' }] });
 * // [{ field: 'title', message: 'must not be blank' }]
 */
export function problemFieldErrors(body: unknown): FieldError[] {
  return fieldErrorsOf(body);
}

/** The field errors grouped by dotted path, for the shared runner (`ErrorShape.flatten`). A 415 has none: `mediaType`. */
function flattenProblem(body: ValidationProblem): FieldProblem[] {
  if (body.status === 415) return [{ path: 'mediaType', messages: [body.detail] }];
  const byPath = new Map<string, string[]>();
  for (const { field, message } of fieldErrorsOf(body)) {
    const path = dotted(field);
    const messages = byPath.get(path) ?? [];
    messages.push(message);
    byPath.set(path, messages);
  }
  return [...byPath].map(([path, messages]) => ({ path, messages }));
}

/** Spring problem details with Hibernate wording, for the shared validation runner. */
export const problemShape: ErrorShape<ValidationProblem> = {
  parseOptions: PROBLEM_PARSE_OPTIONS,
  toErrors: toProblemErrors,
  flatten: flattenProblem,
  forbiddenMessage: FORBIDDEN_FIELD,
  keywordOf: (message) => (message === NOT_NULL ? 'required' : message.startsWith('must be one of [') ? 'enum' : undefined),
};

/**
 * The media type of a ticket request whose only fault is a `mediaType` string the API does not take: the server
 * answers that with its documented 415, not with a 400 (a body with other faults fails its validation first).
 */
function unsupportedMediaType(issues: readonly core.$ZodIssue[]): string | undefined {
  if (issues.length !== 1) return undefined;
  const issue = issues[0];
  if (issue?.code !== 'invalid_value' || issue.path.length !== 1 || issue.path[0] !== 'mediaType') return undefined;
  const input = hasInput(issue) ? issue.input : undefined;
  const supported = issue.values.length === SUPPORTED_MEDIA_TYPES.length && SUPPORTED_MEDIA_TYPES.every((t) => issue.values.includes(t));
  return supported && typeof input === 'string' ? input : undefined;
}

/**
 * The documented 415 body of `POST /v1/media` for a media type it does not take (without the `instance` and
 * `localized*` members the server adds), as the validators, `media.upload` and the fake answer it.
 *
 * @example
 * unsupportedMediaTypeProblem('image/gif');
 * // { type: 'about:blank', title: 'Unsupported Media Type', status: 415,
 * //   detail: "Unsupported media type: 'image/gif'. Supported types are: image/jpeg, image/png" }
 */
export function unsupportedMediaTypeProblem(mediaType: string): UnsupportedMediaTypeProblem {
  return { type: 'about:blank', title: 'Unsupported Media Type', status: 415, detail: unsupportedMediaTypeDetail(mediaType) };
}

/**
 * The documented 415 detail of `POST /v1/media` for a media type it does not take.
 *
 * @example
 * unsupportedMediaTypeDetail('image/gif');
 * // "Unsupported media type: 'image/gif'. Supported types are: image/jpeg, image/png"
 */
export function unsupportedMediaTypeDetail(mediaType: string): string {
  return `Unsupported media type: '${mediaType}'. Supported types are: ${SUPPORTED_MEDIA_TYPES.join(', ')}`;
}
