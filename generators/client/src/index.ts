import type { ApiModel, GeneratedFile } from '@x/generator-core';
import { emitApi } from './emit-api.js';
import { emitClient } from './emit-client.js';
import { emitOperations } from './emit-operations.js';
import { emitPaths } from './emit-paths.js';
import { emitResources } from './emit-resources.js';

export * from './classify.js';
export * from './emit-api.js';
export * from './emit-client.js';
export * from './emit-operations.js';
export * from './emit-paths.js';
export * from './emit-resources.js';

/**
 * The client target: `api.gen.ts` (base URL, auth header), `paths.gen.ts` (openapi-typescript types), `operations.gen.ts` (runtime facts per
 * operation), `client.gen.ts` (namespaces and methods) and `resources.gen.ts` (per-resource facts and the lazy
 * validator loaders). Paths are relative to the package's `src/generated/`.
 *
 * @example
 * const files = await generate(await loadModel('spec/pro-import'));
 */
export async function generate(model: ApiModel): Promise<GeneratedFile[]> {
  const [api, paths, operations, client, resources] = await Promise.all([
    emitApi(model),
    emitPaths(model),
    emitOperations(model),
    emitClient(model),
    emitResources(model),
  ]);
  return [
    { path: 'api.gen.ts', contents: api },
    { path: 'client.gen.ts', contents: client },
    { path: 'operations.gen.ts', contents: operations },
    { path: 'paths.gen.ts', contents: paths },
    { path: 'resources.gen.ts', contents: resources },
  ];
}
export * from './types-view.js';
