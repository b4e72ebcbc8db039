import { formatFiles, type ApiModel, type GeneratedFile } from '@x/generator-core';
import { emitApi } from './emit-api.js';
import { emitClient } from './emit-client.js';
import { emitOperations } from './emit-operations.js';
import { emitPaths } from './emit-paths.js';
import { emitResources } from './emit-resources.js';
import { emitTypes } from './emit-types.js';

export * from './classify.js';
export * from './emit-api.js';
export * from './emit-client.js';
export * from './emit-operations.js';
export * from './emit-paths.js';
export * from './emit-resources.js';
export * from './emit-types.js';
export * from './openapi-types.js';
export * from './types-view.js';

/**
 * The client target: `api.gen.ts` (base URL, auth header), `paths.gen.ts` (the OpenAPI types), `operations.gen.ts`
 * (runtime facts per operation), `client.gen.ts` (namespaces and methods), `resources.gen.ts` (per-resource facts
 * and the lazy validator loaders) and `types.gen.ts` (a named type per operation body and answer), as emitted, before formatting. Paths are relative to the package's
 * `src/generated/`.
 */
export function emitFiles(model: ApiModel): GeneratedFile[] {
  return [
    { path: 'api.gen.ts', contents: emitApi(model) },
    { path: 'client.gen.ts', contents: emitClient(model) },
    { path: 'operations.gen.ts', contents: emitOperations(model) },
    { path: 'paths.gen.ts', contents: emitPaths(model) },
    { path: 'resources.gen.ts', contents: emitResources(model) },
    { path: 'types.gen.ts', contents: emitTypes(model) },
  ];
}

/**
 * The client target's files, formatted (`emitFiles`, then `formatFiles`).
 *
 * @example
 * const files = await generate(await loadModel('spec/pro-import'));
 */
export async function generate(model: ApiModel): Promise<GeneratedFile[]> {
  return formatFiles(emitFiles(model));
}
