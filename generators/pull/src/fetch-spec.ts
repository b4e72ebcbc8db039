import {
  SpecError,
  compareStrings,
  isRecord,
  parseCatalogue,
  stringifyJson,
  type ApiConfig,
  type Catalogue,
} from '@x/generator-core';
import { assertValidDocument, parseDocumentText } from './document.js';
import { PullError } from './errors.js';
import type { HttpClient } from './http.js';
import { resolveUrl } from './http.js';
import { mapLimit } from './pool.js';
import type { Progress } from './progress.js';

/** Everything one pull fetched, checked and ready to be written. */
export type PulledSpec = {
  document: Record<string, unknown>;
  /** resource -> parsed catalogue (lists sorted by id). */
  catalogues: Record<string, Catalogue>;
  /** File path relative to the API folder -> contents, exactly as they will be written. */
  files: Record<string, string>;
};

export type FetchSpecOptions = {
  http: HttpClient;
  baseUrl: string;
  schemaUrl: string;
  concurrency: number;
  /** `YYYY-MM-DD`, stored as `x-pulled.date` in every catalogue. */
  date: string;
  progress: Progress;
};

/** Fills `{name}` placeholders, encoding each value as one URL component. */
export function fillPath(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key];
    return value === undefined ? whole : encodeURIComponent(value);
  });
}

/**
 * Fetches the schema document and every catalogue named by api.config.json, validates all of it, and returns the
 * files to write. Throws a PullError on the first problem; nothing is written here.
 *
 * @example
 * const pulled = await fetchSpec(config, { http, baseUrl: config.baseUrl, schemaUrl: config.schemaUrl, concurrency: 4, date: '2025-01-31', progress });
 */
export async function fetchSpec(config: ApiConfig, options: FetchSpecOptions): Promise<PulledSpec> {
  const { http, progress, concurrency } = options;
  const schemaUrl = resolveUrl(options.baseUrl, options.schemaUrl);
  progress.phase('schema', 1);
  const fetched = await http.getText(schemaUrl);
  progress.tick();
  const document = parseDocumentText(fetched.text, schemaUrl);

  // Catalogues are fetched per resource, for an API that has them.
  const catalogueConfig = config.catalogue;
  const resources = catalogueConfig === undefined ? [] : Object.keys(config.resources);
  const { attributesPath, valuesPath } = catalogueConfig ?? { attributesPath: '', valuesPath: '' };
  progress.phase('attributes', resources.length);
  const attributeLists = await mapLimit(resources, concurrency, async (resource) => {
    const list = await http.getJson(fillPath(attributesPath, { resource }));
    progress.tick();
    return list;
  });

  const raw: Record<
    string,
    {
      attributes: unknown;
      values: Record<string, unknown>;
      children: Record<string, { parent: string; values: Record<string, unknown> }>;
    }
  > = {};
  const valueRequests: Array<{ resource: string; attribute: string }> = [];
  resources.forEach((resource, i) => {
    const attributes = attributeLists[i];
    raw[resource] = { attributes, values: {}, children: {} };
    for (const attribute of idsOf(attributes, resource, 'attributes'))
      valueRequests.push({ resource, attribute });
  });
  progress.phase('values', valueRequests.length);
  await mapLimit(valueRequests, concurrency, async ({ resource, attribute }) => {
    const list = await http.getJson(fillPath(valuesPath, { resource, attribute }));
    const entry = raw[resource];
    if (entry !== undefined) entry.values[attribute] = list;
    progress.tick();
  });

  const childRequests: Array<{
    resource: string;
    attribute: string;
    parentAttribute: string;
    parent: string;
    path: string;
  }> = [];
  for (const child of catalogueConfig?.children ?? []) {
    const entry = raw[child.resource];
    if (entry === undefined) continue;
    const parents = entry.values[child.parentAttribute];
    if (parents === undefined) {
      throw new PullError(
        'catalogue',
        `catalogue.children in api.config.json fetches "${child.attribute}" per "${child.parentAttribute}" of ${child.resource}, but ${child.resource} has no attribute "${child.parentAttribute}"`,
      );
    }
    entry.children[child.attribute] = { parent: child.parentAttribute, values: {} };
    for (const parent of idsOf(parents, child.resource, `values/${child.parentAttribute}`)) {
      childRequests.push({
        resource: child.resource,
        attribute: child.attribute,
        parentAttribute: child.parentAttribute,
        parent,
        path: child.path,
      });
    }
  }
  if (childRequests.length > 0) progress.phase('children', childRequests.length);
  await mapLimit(childRequests, concurrency, async (request) => {
    const list = await http.getJson(
      fillPath(request.path, { parent: request.parent, resource: request.resource }),
    );
    const child = raw[request.resource]?.children[request.attribute];
    if (child !== undefined) child.values[request.parent] = list;
    progress.tick();
  });

  progress.phase('validate', 1);
  await assertValidDocument(document, schemaUrl);
  const catalogues: Record<string, Catalogue> = {};
  const files: Record<string, string> = { 'openapi.json': stringifyJson(document) };
  for (const resource of [...resources].sort(compareStrings)) {
    const file = `${catalogueConfig?.dir ?? ''}/${resource}.json`;
    const entry = raw[resource];
    const catalogue = parseOrExplain({ ...entry, 'x-pulled': { date: options.date } }, resource, file);
    catalogues[resource] = catalogue;
    files[file] = stringifyJson(catalogueJson(catalogue));
  }
  progress.tick();
  return { document, catalogues, files };
}

/** The file form of a catalogue: the shape of the attribute endpoints plus metadata, no `x-reconstructed`. */
export function catalogueJson(catalogue: Catalogue): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: catalogue.attributes, values: catalogue.values };
  if (Object.keys(catalogue.children).length > 0) out.children = catalogue.children;
  for (const [key, value] of Object.entries(catalogue.extensions))
    if (key !== 'x-reconstructed') out[key] = value;
  return out;
}

function parseOrExplain(raw: unknown, resource: string, file: string): Catalogue {
  try {
    return parseCatalogue(raw, resource, file);
  } catch (error) {
    if (error instanceof SpecError) {
      throw new PullError(
        'catalogue',
        `the pulled catalogue ${file} is malformed at ${error.pointer}: ${error.problem}`,
      );
    }
    throw error;
  }
}

/** The ids of a fetched list, to drive the next requests; the list's full shape is checked by parseCatalogue later. */
function idsOf(list: unknown, resource: string, what: string): string[] {
  if (!Array.isArray(list))
    throw new PullError('catalogue', `the ${what} of ${resource} is not a list of {id, name}`);
  return list.map((item, i) => {
    if (!isRecord(item) || typeof item.id !== 'string' || item.id === '') {
      throw new PullError(
        'catalogue',
        `the ${what} of ${resource} has an item without a string id at index ${i}`,
      );
    }
    return item.id;
  });
}
