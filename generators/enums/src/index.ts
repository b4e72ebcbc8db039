import { catalogueModulePath, compareStrings, formatTypeScript, generatedHeader, type ApiModel, type GeneratedFile } from '@x/generator-core';
import { emitCatalogueModule } from './emit-catalogue.js';
import { emitIndexModule } from './emit-index.js';

export { emitAttribute, emitCatalogueModule, emitChild, emitItems } from './emit-catalogue.js';
export { emitIndexModule } from './emit-index.js';
export * from './names.js';

/** The enums target: one module per resource with its catalogues, plus `index.gen.ts`. */
export async function generate(model: ApiModel): Promise<GeneratedFile[]> {
  const header = generatedHeader(model.sha256);
  const resources = [...model.resources].sort((a, b) => compareStrings(a.name, b.name));
  const files: GeneratedFile[] = [{ path: 'index.gen.ts', contents: await formatTypeScript(`${header}\n${emitIndexModule(model)}`) }];
  for (const resource of resources) {
    files.push({ path: catalogueModulePath(resource.name), contents: await formatTypeScript(`${header}\n${emitCatalogueModule(resource)}`) });
  }
  return files;
}
