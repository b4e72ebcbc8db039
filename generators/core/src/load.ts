import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { buildModel } from './build-model.js';
import { parseCatalogue, type Catalogue } from './catalogue.js';
import { CONFIG_FILE, loadApiConfig, type ApiConfig } from './config.js';
import { SpecError } from './errors.js';
import { compareStrings, isRecord, sha256, snapshotFilesSha256 } from './json.js';
import type { ApiModel } from './model.js';
import { checkOpenApi } from './check.js';

export const OPENAPI_FILE = 'openapi.json';

/** The raw files of one API folder, before modelling. */
export type LoadedSpec = {
  config: ApiConfig;
  document: Record<string, unknown>;
  catalogues: Record<string, Catalogue>;
  /** sha256 over every spec file (path and content), so any change to the snapshot changes it. */
  sha256: string;
  /** sha256 of each spec file's content, by path relative to the API folder (`vehicles/car.json`). */
  sources: Record<string, string>;
};

/**
 * Reads `spec/<api>/`: config, OpenAPI document (checked by `checkOpenApi`) and catalogues. Throws SpecError with a
 * location.
 */
export async function loadSpec(apiDir: string): Promise<LoadedSpec> {
  const config = await loadApiConfig(apiDir);
  const docFile = join(apiDir, OPENAPI_FILE);
  const docText = await readFile(docFile, 'utf8');
  let document: unknown;
  try {
    document = JSON.parse(docText);
  } catch (error) {
    throw new SpecError(docFile, '#', `is not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(document)) throw new SpecError(docFile, '#', 'is not a JSON object');
  const problems = checkOpenApi(document);
  const [first] = problems;
  if (first !== undefined) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
    throw new SpecError(docFile, first.pointer, `${first.message}${more}`);
  }
  const hashed: Array<[string, string]> = [
    [CONFIG_FILE, await readFile(join(apiDir, CONFIG_FILE), 'utf8')],
    [OPENAPI_FILE, docText],
  ];
  const catalogues: Record<string, Catalogue> = {};
  // An API without catalogues (no `catalogue` in its config) has none to read.
  const catalogueDir = config.catalogue === undefined ? undefined : join(apiDir, config.catalogue.dir);
  const files =
    catalogueDir === undefined ? [] : (await readdir(catalogueDir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort(compareStrings);
  for (const name of files) {
    const file = join(catalogueDir ?? apiDir, name);
    const text = await readFile(file, 'utf8');
    hashed.push([relative(apiDir, file), text]);
    const resource = name.slice(0, -'.json'.length);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new SpecError(file, '#', `is not valid JSON (${(error as Error).message})`);
    }
    catalogues[resource] = parseCatalogue(raw, resource, file);
  }
  const digest = snapshotFilesSha256(hashed);
  const sources = Object.fromEntries(hashed.map(([path, text]) => [path.split(sep).join('/'), sha256(text)]));
  return { config, document, catalogues, sha256: digest, sources };
}

/** Loads and models one API folder: what `pnpm generate` does first. */
export async function loadModel(apiDir: string): Promise<ApiModel> {
  const spec = await loadSpec(apiDir);
  return buildModel({ ...spec, file: join(apiDir, OPENAPI_FILE) });
}
