import { sortKeysDeep, type ApiModel } from '@x/generator-core';
import { sortedRecord } from './sorted.js';
import { RUNTIME_TYPES_MODULE } from './emit-routes.js';

/** `resources.gen.ts`: each typed resource's facts from api.config.json, as written there (keys sorted). */
export function emitResources(model: ApiModel): string {
  const facts = sortedRecord(
    model.resources.map((resource) => [
      resource.name,
      sortKeysDeep(resource.meta),
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
    '/** Resource -> its facts from api.config.json, sorted by name. */',
    `export const RESOURCES: Readonly<Record<string, ResourceFacts>> = ${JSON.stringify(facts)};`,
    '',
    "/** Resource -> the component schema of its create body (types factories with the client's `components`). */",
    `export type CreateSchemaNames = ${JSON.stringify(createSchemas)};`,
    '',
  ].join('\n');
}
