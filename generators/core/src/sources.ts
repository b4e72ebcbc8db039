import { CONFIG_FILE } from './config.js';
import { compareStrings, sha256 } from './json.js';
import type { ApiModel } from './model.js';

export const DOCUMENT_SOURCE = 'openapi.json';

/** The path, within the API folder, of one resource's catalogue file (`vehicles/car.json`). */
export function catalogueSource(model: ApiModel, resource: string): string {
  return `${model.config.catalogue?.dir ?? 'catalogues'}/${resource}.json`;
}

/** Every catalogue file of the API, sorted. */
export function catalogueSources(model: ApiModel): string[] {
  return Object.keys(model.catalogues).map((resource) => catalogueSource(model, resource)).sort(compareStrings);
}

/** The document and the config: what every output derived from operations and schemas is made from. */
export function documentSources(): string[] {
  return [DOCUMENT_SOURCE, CONFIG_FILE];
}

/**
 * The sha256 a generated file's header names: over the spec files it was made from (paths relative to the API
 * folder). Files the model has no hash for (a hand-built test model) are hashed as absent, so the result is still
 * stable; with no list, the hash of the whole spec.
 */
export function sourceSha256(model: ApiModel, sources?: readonly string[]): string {
  if (sources === undefined) return model.sha256;
  const unique = [...new Set(sources)].sort(compareStrings);
  return sha256(unique.map((path) => `${path}\0${model.sources[path] ?? ''}`).join('\0'));
}
