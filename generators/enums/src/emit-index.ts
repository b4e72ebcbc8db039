import type { ApiModel } from '@x/generator-core';
import { catalogueImportPath, compareStrings, jsonLiteral, sortKeysDeep, stringLiteral as literal } from '@x/generator-core';

/**
 * `index.gen.ts`: every resource with a catalogue module, and its facts from api.config.json as they are written
 * there (the generator gives them no meaning; the package's hand-written entry does).
 */
export function emitIndexModule(model: ApiModel): string {
  const enums = model.config.packages.enums ?? model.config.packages.client;
  const resources = [...model.resources].sort((a, b) => compareStrings(a.name, b.name));
  const rows = resources.map(
    (r) => `  { name: ${literal(r.name)}, module: ${literal(catalogueImportPath(enums, r.name))}, facts: ${jsonLiteral(sortKeysDeep(r.meta))} },`,
  );
  return [
    `/** Every resource of ${model.config.title} with its catalogue module and its facts from api.config.json. */`,
    `export const resources = [\n${rows.join('\n')}\n] as const;`,
    '',
    '/** A resource name. */',
    `export type ResourceName = (typeof resources)[number]['name'];`,
    '',
  ].join('\n');
}
