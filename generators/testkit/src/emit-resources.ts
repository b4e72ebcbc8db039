import type { ApiModel } from '@x/generator-core';
import { sortedRecord } from './sorted.js';
import { RUNTIME_TYPES_MODULE } from './emit-routes.js';

/** `resources.gen.ts`: each typed resource's facts from api.config.json (category, registered, legacy ids). */
export function emitResources(model: ApiModel): string {
  const facts = sortedRecord(
    model.resources.map((resource) => [
      resource.name,
      {
        categoryId: resource.meta.categoryId,
        registered: resource.meta.registered,
        legacyCategoryIds: [...resource.meta.legacyCategoryIds].sort((a, b) => a - b),
        migrationRequired: resource.meta.migrationRequired,
        ...(resource.meta.otherCategoryIds.length > 0 ? { otherCategoryIds: [...resource.meta.otherCategoryIds].sort((a, b) => a - b) } : {}),
      },
    ]),
  );
  const createSchemas = sortedRecord(
    model.resources.flatMap((resource) =>
      resource.schemas.create === undefined ? [] : [[resource.name, resource.schemas.create] as const],
    ),
  );
  return [
    `import type { ResourceFacts } from '${RUNTIME_TYPES_MODULE}';`,
    '',
    '/** Resource (vehicle type) -> its facts, sorted by name. */',
    `export const RESOURCES: Readonly<Record<string, ResourceFacts>> = ${JSON.stringify(facts)};`,
    '',
    "/** Resource -> the component schema of its create body (types factories with the client's `components`). */",
    `export type CreateSchemaNames = ${JSON.stringify(createSchemas)};`,
    '',
  ].join('\n');
}
