import type { ValidationKind } from './operation.js';
import type { ValidateOptions, ValidationWarning } from './validation/validate.js';

/** What a validator answers: the data, or errors in the shape of the server's 400 body; and any warnings. */
export type ValidationOutcome<T = unknown> =
  | { success: true; data: T; warnings?: readonly ValidationWarning[] }
  | { success: false; errors: unknown; warnings?: readonly ValidationWarning[] };

/** Checks one body before it is sent (`validate` option). May be async. */
export type PayloadValidator = (
  resource: string,
  kind: ValidationKind,
  body: unknown,
) => ValidationOutcome | Promise<ValidationOutcome>;

/** Where a validated body was going, for `onWarning`. */
export type WarningContext = { method: string; path: string; resource: string; kind: ValidationKind };

/** Called with the warnings of a validated body (rules the documentation does not state) before it is sent. */
export type WarningHandler = (warnings: readonly ValidationWarning[], context: WarningContext) => void;

/** One resource's validators, as a client's `resources.gen.ts` loads them from its validators modules. */
export type ValidatorSet = Partial<Record<ValidationKind, (body: unknown, options?: ValidateOptions) => ValidationOutcome>>;

/**
 * The validator behind `validate: true` (or `'strict'`): loads a resource's validators on its first validated call
 * (one dynamic import per resource, so bundles do not carry every vehicle type's validators) and keeps them.
 */
export function lazyValidator(loaders: Readonly<Record<string, () => Promise<ValidatorSet>>>, options: ValidateOptions = {}): PayloadValidator {
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
    return check === undefined ? { success: true, data: body } : check(body, options);
  };
}
