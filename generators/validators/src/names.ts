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

/** A hoisted component schema: `RegisteredLocation` -> `registeredLocationSchema` (`...Schema2` for a second variant). */
export function componentConstName(component: string, variant: number): string {
  return `${camelCase(component)}Schema${variant > 1 ? variant : ''}`;
}

/** The runtime the generated validators import, relative to `src/generated/validators/`. */
export const VALIDATION_RUNTIME = '../../runtime/validation/index.js';
