/**
 * Object-level rules the generated schemas attach with `.superRefine(...)`: what JSON Schema says with `oneOf`, with
 * the `x-rules` extension, or what the attribute catalogues say about child values. Like DRF's `validate()` or a
 * Spring class-level constraint, zod runs them only once the object's own fields are valid.
 */
import type { z } from 'zod';

/**
 * Set as `params.level` on a custom issue to mark it as about the object as a whole rather than one of its fields
 * (DRF files it under `non_field_errors`); each API's error shape decides how to show it.
 */
export const OBJECT_LEVEL = 'object';

type Refinement = (value: Record<string, unknown>, ctx: z.RefinementCtx) => void;

function present(value: Record<string, unknown>, key: string): boolean {
  return value[key] !== undefined;
}

function quoteAll(keys: readonly string[]): string {
  return keys.map((k) => `"${k}"`).join(' and ');
}

/** One alternative of a `oneOf` over objects: the keys that choose it, and those it needs together. */
export type Alternative = { readonly keys: readonly string[]; readonly required: readonly string[] };

/**
 * `oneOf` over objects: the fields sent choose an alternative, which must then be complete ("Both must be provided
 * together"). With `exclusive` (the default), exactly one alternative must be chosen. Errors are non-field errors of
 * the object (for DRF, `{"location": {"non_field_errors": [...]}}`).
 *
 * @example
 * z.looseObject({ zipcode: z.string().optional(), lkf: z.string().optional() })
 *   .superRefine(exactlyOneOf([{ keys: ['zipcode'], required: ['zipcode'] }, { keys: ['lkf'], required: ['lkf'] }]));
 */
export function exactlyOneOf(alternatives: readonly Alternative[], options: { exclusive?: boolean } = {}): Refinement {
  const exclusive = options.exclusive !== false;
  const described = alternatives.map((a) => quoteAll(a.required.length > 0 ? a.required : a.keys)).join(', ');
  return (value, ctx) => {
    const chosen = alternatives.filter((a) => a.keys.some((key) => present(value, key)));
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message, path: [], params: { level: OBJECT_LEVEL } });
    if (exclusive && chosen.length === 0) return fail(`Provide one of: ${described}.`);
    if (exclusive && chosen.length > 1) return fail(`Provide only one of: ${described}.`);
    for (const alternative of chosen) {
      if (alternative.required.some((key) => !present(value, key))) fail(`${quoteAll(alternative.required)} must be provided together.`);
    }
  };
}

/** What a child catalogue offers the refinement: membership of a value under a parent. */
export type ChildLookup = { is(parent: never, value: unknown): boolean; readonly values: Readonly<Record<string, unknown>> };

/**
 * A child attribute must be one of its parent's values (car `model` one of the chosen `brand`'s models). Skipped when
 * the parent is absent (a PATCH keeps the stored brand) or unknown (the parent's own check reports that).
 *
 * @example
 * carCategoryFields.superRefine(childOf(modelByBrand, { parent: 'brand', child: 'model' }));
 */
export function childOf(lookup: ChildLookup, keys: { parent: string; child: string }): Refinement {
  const is = lookup.is as (parent: string, value: unknown) => boolean;
  return (value, ctx) => {
    const parent = value[keys.parent];
    const child = value[keys.child];
    if (typeof parent !== 'string' || !(parent in lookup.values) || child === undefined) return;
    if (is(parent, child)) return;
    ctx.addIssue({ code: 'custom', message: `"${String(child)}" is not a valid choice.`, path: [keys.child] });
  };
}

/** A `required-for-categories` rule of the `x-rules` extension: fields required for some categories only. */
export type CategoryRule = { field: string; categories: readonly number[]; required: readonly string[] };

/**
 * Fields required for some categories only (V3: `title` and `contact` for categories that are not registered
 * vehicles, `category_fields` for registered vehicles with category fields). Skipped when the category is absent
 * (its own required check reports that).
 *
 * @example
 * v3Body.superRefine(requiredForCategories({ field: 'category_id', categories: [1020], required: ['category_fields'] }));
 */
export function requiredForCategories(rule: CategoryRule): Refinement {
  return (value, ctx) => {
    const category = value[rule.field];
    if (typeof category !== 'number' || !rule.categories.includes(category)) return;
    for (const key of rule.required) {
      if (!present(value, key)) ctx.addIssue({ code: 'custom', message: 'This field is required.', path: [key] });
    }
  };
}

/** JSON Schema `uniqueItems`. */
export function uniqueItems(value: readonly unknown[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  value.forEach((item, index) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) ctx.addIssue({ code: 'custom', message: 'This list may not contain duplicate items.', path: [index] });
    seen.add(key);
  });
}

/** A `required-one-of-for-categories` rule: for some categories, one of several sets of fields must be present. */
export type CategoryAlternativesRule = { field: string; categories: readonly number[]; alternatives: ReadonlyArray<readonly string[]> };

/**
 * For some categories, one of several sets of fields must be present (V3 A-tractors: `category_fields` if the
 * category is a registered vehicle's, else `title` and `contact`; either way one of them). When none is complete,
 * the first set's missing fields are reported as required. Skipped when the category is absent.
 *
 * @example
 * v3Body.superRefine(requiredOneOfForCategories({ field: 'category_id', categories: [1122], alternatives: [['category_fields'], ['title', 'contact']] }));
 */
export function requiredOneOfForCategories(rule: CategoryAlternativesRule): Refinement {
  return (value, ctx) => {
    const category = value[rule.field];
    if (typeof category !== 'number' || !rule.categories.includes(category)) return;
    if (rule.alternatives.some((fields) => fields.every((key) => present(value, key)))) return;
    for (const key of rule.alternatives[0] ?? []) {
      if (!present(value, key)) ctx.addIssue({ code: 'custom', message: 'This field is required.', path: [key] });
    }
  };
}

/**
 * JSON Schema `not: {const}` / `not: {enum}` on a value: these values are refused although the value's list allows
 * them elsewhere (a `leasing` price on a vehicle type that is not registered), worded as a refused choice.
 *
 * @example
 * z.enum(['list', 'leasing']).superRefine(noneOf(['leasing']));
 */
export function noneOf(values: readonly unknown[]): (value: unknown, ctx: z.RefinementCtx) => void {
  return (value, ctx) => {
    if (values.some((v) => v === value)) ctx.addIssue({ code: 'custom', message: `"${String(value)}" is not a valid choice.`, path: [] });
  };
}

/**
 * What a server converts to a declared scalar type before validating it (a web framework's lenient fields): `from`
 * the JSON types it reads (`number` for a string field, `string` for a numeric one), `true`/`false` the spellings a
 * boolean field reads.
 */
export type Coercion = { readonly from?: readonly string[]; readonly true?: readonly (string | number)[]; readonly false?: readonly (string | number)[] };

const INTEGER_TEXT = /^\s*[-+]?\d+(\.0*)?\s*$/;
const NUMBER_TEXT = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * The conversion a server applies to a value of a field declared `type` (for `z.preprocess`): a number sent for a
 * string field becomes its decimal string, a numeric string sent for an integer or number field its number, a listed
 * spelling sent for a boolean field its boolean; anything else is left as it is, for the type check to refuse.
 *
 * @example
 * z.preprocess(coerce('boolean', { true: ['true', 1], false: ['false', 0] }), z.boolean());
 */
export function coerce(type: 'string' | 'integer' | 'number' | 'boolean', rule: Coercion): (value: unknown) => unknown {
  const from = new Set(rule.from ?? []);
  switch (type) {
    case 'string':
      return (value) => (from.has('number') && typeof value === 'number' && Number.isFinite(value) ? String(value) : value);
    case 'integer':
      return (value) => (from.has('string') && typeof value === 'string' && INTEGER_TEXT.test(value) ? Number.parseInt(value, 10) : value);
    case 'number':
      return (value) => (from.has('string') && typeof value === 'string' && NUMBER_TEXT.test(value) ? Number(value) : value);
    case 'boolean': {
      const yes = new Set<unknown>(rule.true ?? []);
      const no = new Set<unknown>(rule.false ?? []);
      return (value) => (yes.has(value) ? true : no.has(value) ? false : value);
    }
  }
}
