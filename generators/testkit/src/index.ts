import {
  CONFIG_FILE,
  catalogueSources,
  documentSources,
  formatFiles,
  specHeader,
  type ApiModel,
  type GeneratedFile,
} from '@x/generator-core';
import { emitCatalogues } from './emit-catalogues.js';
import { emitExamples } from './emit-examples.js';
import { emitOpenApi } from './emit-openapi.js';
import { emitResources } from './emit-resources.js';
import { emitRoutes } from './emit-routes.js';

export { emitCatalogues, emitExamples, emitOpenApi, emitResources, emitRoutes };

type FileSpec = readonly [path: string, emit: (model: ApiModel) => string, sources: (model: ApiModel) => string[]];

/**
 * The emit function of each file the testkit target writes into `src/generated/`, and the spec files it is made
 * from (named in its header, so a catalogue change does not touch the route table's header).
 */
const FILES: readonly FileSpec[] = [
  ['catalogues.gen.ts', emitCatalogues, (model) => [CONFIG_FILE, ...catalogueSources(model)]],
  ['examples.gen.ts', emitExamples, () => documentSources()],
  ['openapi.gen.ts', emitOpenApi, () => documentSources()],
  ['resources.gen.ts', emitResources, () => documentSources()],
  ['routes.gen.ts', emitRoutes, () => documentSources()],
];

/**
 * The testkit target: the facts the fake server needs from the spec (route table, resources, catalogues, request
 * examples, the document), so its runtime code never reads `spec/`.
 *
 * `emitFiles` is what is emitted; `generate` formats it.
 *
 * @example
 * const files = await generate(await loadModel('spec/pro-import'));
 * // [{ path: 'catalogues.gen.ts', contents: '// This file is generated...' }, ...]
 */
export function emitFiles(model: ApiModel): GeneratedFile[] {
  return FILES.map(([path, emit, sources]) => ({ path, contents: `${specHeader(model, sources(model))}\n${emit(model)}` }));
}

/** The testkit target's files, formatted (`emitFiles`, then `formatFiles`). */
export async function generate(model: ApiModel): Promise<GeneratedFile[]> {
  return formatFiles(emitFiles(model));
}
