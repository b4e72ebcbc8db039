import type { ApiModel } from '@x/generator-core';
import { sortedRecord } from './sorted.js';
import { RUNTIME_TYPES_MODULE } from './emit-routes.js';

/** `catalogues.gen.ts`: the attribute catalogues the attribute endpoints serve, without their metadata. */
export function emitCatalogues(model: ApiModel): string {
  const catalogues = sortedRecord(
    Object.entries(model.catalogues).map(([name, catalogue]) => [
      name,
      { attributes: catalogue.attributes, values: catalogue.values, children: catalogue.children },
    ]),
  );
  return [
    `import type { CatalogueSnapshot } from '${RUNTIME_TYPES_MODULE}';`,
    '',
    '/** Resource -> attribute catalogue, in the shape the attribute endpoints return. Lists are sorted by id. */',
    `export const CATALOGUES: Readonly<Record<string, CatalogueSnapshot>> = ${JSON.stringify(catalogues)};`,
    '',
  ].join('\n');
}
