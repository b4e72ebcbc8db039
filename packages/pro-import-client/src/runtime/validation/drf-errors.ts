/**
 * Zod issues -> the 400 body Django REST Framework (the API's server) returns, in DRF's own words. This is the one
 * error mapper: the validators, the client's validation error and the testkit's fake server all use it.
 */
import { OBJECT_LEVEL, type ErrorShape } from '@x/client-runtime/validation';
import type { core } from 'zod';
import { flattenErrors } from '../errors.js';

/** Field errors as DRF nests them: messages per field, nested objects for nested serializers. */
export type FieldErrors = { [field: string]: string[] | FieldErrors };
/** The API's 400 body: field errors, or a bare array of non-field errors. */
export type DrfErrorBody = FieldErrors | string[];

/** The key DRF uses for object-level errors inside a (nested) serializer. */
export const NON_FIELD_ERRORS = 'non_field_errors';
/** Wording for a field that must not be sent (title/contact on a registered vehicle, `category_id` on migrate) and, in strict mode, for unknown fields. */
export const FORBIDDEN_FIELD = 'This field is not allowed for this vehicle type.';
/** The marker of an object-level issue (`params.level`), filed under `non_field_errors` of its object. */
export const NON_FIELD = OBJECT_LEVEL;

type Issue = core.$ZodIssue | core.$ZodRawIssue;

/** Python's name for a JSON value's type, as DRF prints it (`"str"`, `"int"`, `"dict"`). */
export function pythonType(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'object') return 'dict';
  return typeof value;
}

/** A value as DRF's choice error quotes it: strings bare, everything else as JSON. */
function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

function hasInput(issue: Issue): issue is Issue & { input: unknown } {
  return 'input' in issue;
}

const TYPE_MESSAGES: Record<string, string> = {
  int: 'A valid integer is required.',
  number: 'A valid number is required.',
  string: 'Not a valid string.',
  boolean: 'Must be a valid boolean.',
};

const FORMAT_MESSAGES: Record<string, string> = {
  email: 'Enter a valid email address.',
  url: 'Enter a valid URL.',
  uuid: 'Must be a valid UUID.',
  datetime: 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
};

function sizeMessage(kind: 'at least' | 'no more than', origin: string, limit: number | bigint): string {
  if (origin === 'string') return `Ensure this field has ${kind} ${limit} characters.`;
  if (origin === 'array' || origin === 'set') return `Ensure this field has ${kind} ${limit} elements.`;
  return `Ensure this value is ${kind === 'at least' ? 'greater than' : 'less than'} or equal to ${limit}.`;
}

/**
 * DRF's message for one zod issue. Needs the issue's `input` (parse with `reportInput: true`, as every validator here
 * does) to tell "required" from a wrong type and to quote a bad choice.
 *
 * @example
 * drfMessage({ code: 'invalid_value', values: ['volvo'], input: 'x', path: ['brand'], message: '' });
 * // '"x" is not a valid choice.'
 */
export function drfMessage(issue: Issue): string {
  const input = hasInput(issue) ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type':
      // `z.never()` is a field that must not be sent at all (`title` on a registered vehicle).
      if (issue.expected === 'never') return FORBIDDEN_FIELD;
      if (input === undefined) return 'This field is required.';
      if (input === null) return 'This field may not be null.';
      if (issue.expected === 'array') return `Expected a list of items but got type "${pythonType(input)}".`;
      if (issue.expected === 'object') return `Invalid data. Expected a dictionary, but got ${pythonType(input)}.`;
      return TYPE_MESSAGES[issue.expected] ?? 'Enter a valid value.';
    case 'invalid_value':
      if (input === undefined) return 'This field is required.';
      if (input === null) return 'This field may not be null.';
      return `"${shown(input)}" is not a valid choice.`;
    case 'too_small':
      if (issue.origin === 'string' && input === '') return 'This field may not be blank.';
      return sizeMessage('at least', issue.origin, issue.minimum);
    case 'too_big':
      return sizeMessage('no more than', issue.origin, issue.maximum);
    case 'invalid_format':
      if (input === '') return 'This field may not be blank.';
      return FORMAT_MESSAGES[issue.format] ?? 'Enter a valid value.';
    case 'not_multiple_of':
      return issue.divisor === 1 ? 'A valid integer is required.' : `Ensure this value is a multiple of ${issue.divisor}.`;
    case 'unrecognized_keys':
      return FORBIDDEN_FIELD;
    case 'custom':
      return issue.message ?? 'Enter a valid value.';
    default:
      return 'Enter a valid value.';
  }
}

const INTEGER_MESSAGE = 'A valid integer is required.';

/** Whether the schema that raised a raw issue is an integer (`z.int()`), which zod reports as expecting a number. */
function fromInteger(issue: core.$ZodRawIssue): boolean {
  const def: unknown = issue.inst?._zod.def;
  return typeof def === 'object' && def !== null && 'format' in def && typeof def.format === 'string' && def.format.endsWith('int');
}

/**
 * A zod error map that words every issue the DRF way, so `error.message` and `toDrfErrors` agree. It also tells an
 * integer field given a non-number ("A valid integer is required.") from a number field, which the issue alone
 * cannot; `toDrfErrors` keeps that wording from the issue's message.
 */
export function drfErrorMap(issue: core.$ZodRawIssue): string {
  if (issue.code === 'invalid_type' && issue.expected === 'number' && issue.input != null && fromInteger(issue)) return INTEGER_MESSAGE;
  return drfMessage(issue);
}

type Key = string | number;
type Node = { messages: string[]; nonField: string[]; children: Map<Key, Node> };

function node(): Node {
  return { messages: [], nonField: [], children: new Map() };
}

function at(root: Node, path: readonly Key[]): Node {
  let current = root;
  for (const key of path) {
    let next = current.children.get(key);
    if (next === undefined) {
      next = node();
      current.children.set(key, next);
    }
    current = next;
  }
  return current;
}

function keyOf(segment: PropertyKey): Key {
  return typeof segment === 'number' ? segment : String(segment);
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

function insert(root: Node, issue: core.$ZodIssue, prefix: readonly Key[]): void {
  const path = [...prefix, ...issue.path.map(keyOf)];
  if (issue.code === 'invalid_union') {
    for (const inner of unionIssues(issue)) insert(root, inner, path);
    return;
  }
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) at(root, [...path, key]).messages.push(FORBIDDEN_FIELD);
    return;
  }
  const target = at(root, path);
  if (issue.code === 'custom' && issue.params?.['level'] === NON_FIELD) {
    target.nonField.push(drfMessage(issue));
    return;
  }
  const integer = issue.code === 'invalid_type' && issue.message === INTEGER_MESSAGE;
  target.messages.push(integer ? INTEGER_MESSAGE : drfMessage(issue));
}

/** Keys in payload order for indexes (`"2"` before `"10"`), alphabetical for names, so output is stable. */
function compareKeys(a: Key, b: Key): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function render(current: Node): string[] | FieldErrors {
  if (current.children.size === 0 && current.nonField.length === 0) return current.messages;
  const out: FieldErrors = {};
  const nonField = [...current.nonField, ...current.messages];
  if (nonField.length > 0) out[NON_FIELD_ERRORS] = nonField;
  for (const key of [...current.children.keys()].sort(compareKeys)) {
    const child = current.children.get(key);
    if (child !== undefined) out[String(key)] = render(child);
  }
  return out;
}

/**
 * Turns zod issues into exactly the body the API answers a 400 with. Field errors nest like the payload
 * (`{"category_fields": {"brand": ["\"x\" is not a valid choice."]}}`); errors in list items are keyed by the item's
 * index, as DRF's ListField does, for lists of strings and of objects alike (`{"image_urls": {"3": [...]}}`,
 * `{"price": {"1": {"type": [...]}}}`); object-level errors go under `non_field_errors` of their object;
 * when only top-level non-field errors remain the body is a bare array.
 *
 * @example
 * const result = carCreateSchema.safeParse(body, { reportInput: true });
 * if (!result.success) toDrfErrors(result.error.issues); // { title: ['This field is not allowed for this vehicle type.'] }
 */
export function toDrfErrors(issues: readonly core.$ZodIssue[]): DrfErrorBody {
  const root = node();
  for (const issue of issues) insert(root, issue, []);
  if (root.children.size === 0) return [...root.nonField, ...root.messages];
  return render(root);
}

/** DRF's error shape, for the shared validation runner. */
export const drfShape: ErrorShape<DrfErrorBody> = {
  parseOptions: { reportInput: true, error: drfErrorMap },
  toErrors: toDrfErrors,
  flatten: flattenErrors,
  forbiddenMessage: FORBIDDEN_FIELD,
  keywordOf: (message) => (message === 'This field is required.' ? 'required' : message.endsWith('is not a valid choice.') ? 'enum' : undefined),
};
