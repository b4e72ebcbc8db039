/**
 * Object-level rules the generated schemas attach with `.superRefine(...)`: what JSON Schema says with `oneOf`, with
 * the `x-rules` extension, or what the attribute catalogues say about child values. Like DRF's `validate()`, zod
 * runs them only once the object's own fields are valid.
 */
import type { z } from 'zod';
import { NON_FIELD } from './drf-errors.js';

type Refinement = (value: Record<string, unknown>, ctx: z.RefinementCtx) => void;

function present(value: Record<string, unknown>, key: string): boolean {
  return value[key] !== undefined;
}

function quoteAll(keys: readonly string[]): string {
  return keys.map((k) => `"${k}"`).join(' and ');
}

/**
 * `oneOf` over objects: exactly one alternative's fields, all of its required ones. Errors are non-field errors of
 * the object (`{"location": {"non_field_errors": [...]}}`).
 *
 * @example
 * z.strictObject({ zipcode: z.string().optional(), lkf: z.string().optional() }).superRefine(exactlyOneOf([['zipcode'], ['lkf']]));
 */
export function exactlyOneOf(alternatives: readonly (readonly string[])[]): Refinement {
  const described = alternatives.map(quoteAll).join(', ');
  return (value, ctx) => {
    const chosen = alternatives.filter((keys) => keys.some((key) => present(value, key)));
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message, path: [], params: { drf: NON_FIELD } });
    if (chosen.length === 0) return fail(`Provide one of: ${described}.`);
    if (chosen.length > 1) return fail(`Provide only one of: ${described}.`);
    const [keys = []] = chosen;
    if (keys.some((key) => !present(value, key))) fail(`${quoteAll(keys)} must be provided together.`);
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

/** The `x-rules` extension of a request schema: fields required or not depending on the category. */
export type CategoryRules = {
  field: string;
  registeredCategoryIds: readonly number[];
  requiredUnlessRegistered: readonly string[];
  requiredIfRegistered: readonly string[];
};

/**
 * Fields required for some categories only (V3: `title` and `contact` unless registered, `category_fields` if
 * registered). Skipped when the category is absent (its own required check reports that).
 *
 * @example
 * v3Body.superRefine(requiredByCategory({ field: 'category_id', registeredCategoryIds: [1020], requiredUnlessRegistered: ['title'], requiredIfRegistered: [] }));
 */
export function requiredByCategory(rules: CategoryRules): Refinement {
  return (value, ctx) => {
    const category = value[rules.field];
    if (typeof category !== 'number') return;
    const registered = rules.registeredCategoryIds.includes(category);
    const required = registered ? rules.requiredIfRegistered : rules.requiredUnlessRegistered;
    for (const key of required) {
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
