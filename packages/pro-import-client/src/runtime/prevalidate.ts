import type { DrfErrorBody } from './errors.js';
import type { ValidationKind } from './operation.js';

/** What a validator answers: the data, or errors in the shape the server's 400 body has. */
export type ValidationOutcome<T = unknown> = { success: true; data: T } | { success: false; errors: DrfErrorBody };

/** Checks one body before it is sent (`validate` option). May be async. */
export type PayloadValidator = (
  resource: string,
  kind: ValidationKind,
  body: unknown,
) => ValidationOutcome | Promise<ValidationOutcome>;

/** One resource's validators, as `resources.gen.ts` loads them from `@x/pro-import-client/validators/<resource>`. */
export type ValidatorSet = Partial<Record<ValidationKind, (body: unknown) => ValidationOutcome>>;

/**
 * The validator behind `validate: true`: loads a resource's validators on its first validated call (one dynamic
 * import per resource, so bundles do not carry every vehicle type's validators) and keeps them.
 */
export function lazyValidator(loaders: Readonly<Record<string, () => Promise<ValidatorSet>>>): PayloadValidator {
  const loaded = new Map<string, Promise<ValidatorSet>>();
  return async (resource, kind, body) => {
    const load = loaders[resource];
    if (load === undefined) return { success: true, data: body };
    let set = loaded.get(resource);
    if (set === undefined) {
      set = load();
      loaded.set(resource, set);
      set.catch(() => loaded.delete(resource));
    }
    const check = (await set)[kind];
    return check === undefined ? { success: true, data: body } : check(body);
  };
}
