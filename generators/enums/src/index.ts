import {
  CONFIG_FILE,
  catalogueModulePath,
  catalogueSource,
  compareStrings,
  formatFiles,
  specHeader,
  type ApiModel,
  type GeneratedFile,
} from '@x/generator-core';
import { emitCatalogueModule } from './emit-catalogue.js';
import { emitIndexModule } from './emit-index.js';

export { emitAttribute, emitCatalogueModule, emitChild, emitItems } from './emit-catalogue.js';
export { emitIndexModule } from './emit-index.js';
export * from './names.js';

/** The enums target: one module per resource with its catalogues, plus `index.gen.ts`, before formatting. */
export function emitFiles(model: ApiModel): GeneratedFile[] {
  // Each module's header names only the files it is made from, so a catalogue change touches that module alone.
  const resources = [...model.resources].sort((a, b) => compareStrings(a.name, b.name));
  const indexHeader = specHeader(model, [CONFIG_FILE]);
  const files: GeneratedFile[] = [{ path: 'index.gen.ts', contents: `${indexHeader}\n${emitIndexModule(model)}` }];
  for (const resource of resources) {
    const header = specHeader(model, [CONFIG_FILE, catalogueSource(model, resource.name)]);
    files.push({ path: catalogueModulePath(resource.name), contents: `${header}\n${emitCatalogueModule(resource)}` });
  }
  return files;
}

/** The enums target's files, formatted (`emitFiles`, then `formatFiles`). */
export async function generate(model: ApiModel): Promise<GeneratedFile[]> {
  return formatFiles(emitFiles(model));
}
