import {
  catalogueSource,
  documentSources,
  formatFiles,
  payloadTargets,
  sourceSha256,
  specHeader,
  validatorModulePath,
  type ApiModel,
  type GeneratedFile,
} from '@x/generator-core';
import { emitRegistryModule, emitValidatorModule } from './emit-module.js';
import { emitProvenanceReport, provenanceHeader } from './emit-provenance.js';

export { catalogueBinding } from './binding.js';
export { appliesDefaults, emitRegistryModule, emitValidatorModule, ignoredFields, strictSchemaName, strictTypeName } from './emit-module.js';
export { emitProvenanceReport, placeOf } from './emit-provenance.js';
export { ZodEmitter, code, emitNumber, emitString, type CatalogueBinding, type EmitOptions } from './emit-zod.js';
export * from './names.js';

/**
 * The validators target: `validators/<key>.gen.ts` per vehicle type (and V3), `validators/index.gen.ts`, and
 * `PROVENANCE.md`, the report of every rule the validators only warn about; before formatting.
 */
export function emitFiles(model: ApiModel): GeneratedFile[] {
  // A module's header names the files it is made from: the document, the config and its own catalogue.
  const targets = payloadTargets(model);
  const files: GeneratedFile[] = [];
  for (const target of targets) {
    const sources = [...documentSources(), ...(target.key in model.catalogues ? [catalogueSource(model, target.key)] : [])];
    const header = specHeader(model, sources);
    files.push({ path: validatorModulePath(target.key), contents: `${header}\n${emitValidatorModule(model, target)}` });
  }
  const registryHeader = specHeader(model, documentSources());
  files.push({ path: 'validators/index.gen.ts', contents: `${registryHeader}\n${emitRegistryModule(targets, validatorModulePath)}` });
  files.push({ path: 'PROVENANCE.md', contents: `${provenanceHeader(sourceSha256(model, ['openapi.json']))}${emitProvenanceReport(model)}` });
  return files;
}

/** The validators target's files, formatted (`emitFiles`, then `formatFiles`). */
export async function generate(model: ApiModel): Promise<GeneratedFile[]> {
  return formatFiles(emitFiles(model));
}
