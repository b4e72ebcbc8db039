import { formatTypeScript, generatedHeader, type ApiModel, type GeneratedFile } from '@x/generator-core';
import { emitCatalogues } from './emit-catalogues.js';
import { emitExamples } from './emit-examples.js';
import { emitOpenApi } from './emit-openapi.js';
import { emitResources } from './emit-resources.js';
import { emitRoutes } from './emit-routes.js';

export { emitCatalogues, emitExamples, emitOpenApi, emitResources, emitRoutes };

/** The emit function of each file the testkit target writes into `src/generated/`. */
const FILES: ReadonlyArray<readonly [string, (model: ApiModel) => string]> = [
  ['catalogues.gen.ts', emitCatalogues],
  ['examples.gen.ts', emitExamples],
  ['openapi.gen.ts', emitOpenApi],
  ['resources.gen.ts', emitResources],
  ['routes.gen.ts', emitRoutes],
];

/**
 * The testkit target: the facts the fake server needs from the spec (route table, resources, catalogues, request
 * examples, the document), so its runtime code never reads `spec/`.
 *
 * @example
 * const files = await generate(await loadModel('spec/pro-import'));
 * // [{ path: 'catalogues.gen.ts', contents: '// This file is generated...' }, ...]
 */
export async function generate(model: ApiModel): Promise<GeneratedFile[]> {
  return Promise.all(
    FILES.map(async ([path, emit]) => ({
      path,
      contents: await formatTypeScript(`${generatedHeader(model.sha256)}\n${emit(model)}`),
    })),
  );
}
