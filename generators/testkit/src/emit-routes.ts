import { compareStrings, type ApiModel, type Operation } from '@x/generator-core';

/** Runtime types the generated files use; they live hand-written in the testkit's `src/runtime/`. */
export const RUNTIME_TYPES_MODULE = '../runtime/spec-types.js';

/** One row of the route table: everything the fake's router needs to recognise an operation. */
export function routeRow(operation: Operation): Record<string, string | null> {
  return {
    method: operation.method,
    path: operation.path,
    operationId: operation.operationId,
    namespace: operation.namespace,
    methodName: operation.methodName,
    resource: operation.resource ?? null,
  };
}

/** Sorted by path then method so the table is stable whatever the document's order. */
export function sortOperations(operations: readonly Operation[]): Operation[] {
  return [...operations].sort((a, b) => compareStrings(a.path, b.path) || compareStrings(a.method, b.method));
}

/** `routes.gen.ts`: the API's operations as a route table. */
export function emitRoutes(model: ApiModel): string {
  const rows = sortOperations(model.operations).map(routeRow);
  return [
    `import type { RouteDef } from '${RUNTIME_TYPES_MODULE}';`,
    '',
    '/** Every operation of the API, sorted by path then method. */',
    `export const ROUTES: readonly RouteDef[] = ${JSON.stringify(rows)};`,
    '',
  ].join('\n');
}
