/** Every name the validators generator emits, built from `@x/generator-core`'s naming. */
import { camelCase, moduleFileName, pascalCase } from '@x/generator-core';

export type PayloadKind = 'create' | 'update' | 'patch' | 'migrate';
export const PAYLOAD_KINDS: readonly PayloadKind[] = ['create', 'update', 'patch', 'migrate'];

/** `car` -> `validators/car.gen.ts` (relative to `src/generated/`). */
export function validatorModulePath(key: string): string {
  return `validators/${moduleFileName(key)}.gen.ts`;
}

/** `car`, `create` -> `carCreateSchema`, `CarCreateInput`, `validateCarCreate`. */
export function payloadNames(key: string, kind: PayloadKind): { schema: string; type: string; validate: string } {
  const pascal = `${pascalCase(key)}${pascalCase(kind)}`;
  return { schema: `${camelCase(key)}${pascalCase(kind)}Schema`, type: `${pascal}Input`, validate: `validate${pascal}` };
}

/**
 * A hoisted component schema: `RegisteredLocation` -> `registeredLocationSchema`; the variant without defaults (for
 * update bodies) of a component that has some -> `v3PriceNoDefaultsSchema`; any further variant gets a number.
 */
export function componentConstName(component: string, options: { withDefaults: boolean; variant: number }): string {
  const base = `${camelCase(component)}${options.withDefaults ? '' : 'NoDefaults'}Schema`;
  return options.variant > 1 ? `${base}${options.variant}` : base;
}

/** The runtime the generated validators import, relative to `src/generated/validators/`. */
export const VALIDATION_RUNTIME = '../../runtime/validation/index.js';
