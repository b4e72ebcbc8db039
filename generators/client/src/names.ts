import { camelCase, moduleFileName, pascalCase } from '@x/generator-core';

/**
 * The client generator's names, built only from generator-core's naming helpers so every generator spells a spec
 * name the same way.
 */

/** `agricultureThresher` -> `AgricultureThresherNamespace`. */
export function namespaceClassName(namespace: string): string {
  return `${pascalCase(namespace)}Namespace`;
}

/** `v4_car_create` -> `V4CarCreate`: the type alias of one operation of `paths`. */
export function operationTypeName(operationId: string): string {
  return pascalCase(operationId);
}

/** `source_id` -> `sourceId`: a path parameter as a positional argument. */
export function argumentName(parameter: string): string {
  return camelCase(parameter);
}

/** `agriculture-thresher` -> `./validators/agriculture-thresher.gen.js`, the validators module of a resource. */
export function validatorModulePath(resource: string): string {
  return `./validators/${moduleFileName(resource)}.gen.js`;
}

/** `agriculture-thresher`, `create` -> `validateAgricultureThresherCreate`, as the validators generator exports it. */
export function validatorFunctionName(resource: string, kind: string): string {
  return `validate${pascalCase(resource)}${pascalCase(kind)}`;
}
