/**
 * The names of everything an enums module exports. The validators generator imports these too, so the two
 * generators can never disagree about what a catalogue is called. Built only from `@x/generator-core`'s naming.
 */
import { camelCase, moduleFileName, pascalCase } from '@x/generator-core';

/** `car` -> `car.gen.ts` (relative to `src/generated/`). */
export function catalogueModulePath(resource: string): string {
  return `${moduleFileName(resource)}.gen.ts`;
}

/** `@x/pro-import-enums` + `agriculture-thresher` -> `@x/pro-import-enums/agriculture-thresher`. */
export function catalogueImportPath(enumsPackage: string, resource: string): string {
  return `${enumsPackage}/${moduleFileName(resource)}`;
}

/** The names exported for one attribute: `powertrain.fuel` -> `powertrainFuel`, `PowertrainFuel`, `isPowertrainFuel`. */
export type AttributeNames = { catalogue: string; type: string; guard: string };

export function attributeNames(attributeId: string): AttributeNames {
  const pascal = pascalCase(attributeId);
  return { catalogue: camelCase(attributeId), type: pascal, guard: `is${pascal}` };
}

/** The names exported for a child catalogue: `model` under `brand` -> `modelByBrand`, `ModelOfBrand`. */
export type ChildNames = { catalogue: string; type: string };

export function childNames(attributeId: string, parentId: string): ChildNames {
  return { catalogue: `${camelCase(attributeId)}By${pascalCase(parentId)}`, type: `${pascalCase(attributeId)}Of${pascalCase(parentId)}` };
}

/** The list of a module's attributes. */
export const ATTRIBUTES_EXPORT = 'attributes';
/** The runtime module generated files import, relative to `src/generated/`. */
export const CATALOGUE_RUNTIME = '../runtime/catalogue.js';
