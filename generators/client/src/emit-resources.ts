import { CLIENT_RUNTIME } from './emit-client.js';
import {
  payloadKinds,
  payloadNames,
  payloadTargets,
  type PayloadTarget,
  propertyKey,
  renderModule,
  specHeader,
  documentSources,
  jsonLiteral,
  sortKeysDeep,
  validatorImportPath,
  type ApiModel,
  type Resource,
} from '@x/generator-core';


/** One resource's facts as an object literal: as api.config.json writes them, keys sorted. */
export function emitResourceFacts(resource: Resource): string {
  return jsonLiteral(sortKeysDeep(resource.meta));
}

/**
 * The lazy loader of one target's validators: a literal dynamic `import()` so bundlers split each type's
 * validators into their own chunk, loaded on the first validated call for that type only.
 */
export function emitValidatorLoader(target: PayloadTarget): string | undefined {
  const kinds = payloadKinds(target);
  if (kinds.length === 0) return undefined;
  const fields = kinds.map((k) => `${k}: m.${payloadNames(target.key, k).validate}`);
  return `async () => {\n  const m = await import('${validatorImportPath(target.key)}');\n  return { ${fields.join(', ')} };\n}`;
}

/** `resources.gen.ts`: per-resource facts (category ids, registered or not) and the lazy validator loaders. */
export function emitResources(model: ApiModel): string {
  const resources = [...model.resources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const facts = resources.map((r) => `  ${propertyKey(r.name)}: ${emitResourceFacts(r)},`);
  const loaders = payloadTargets(model).flatMap((t) => {
    const loader = emitValidatorLoader(t);
    return loader === undefined ? [] : [`  ${propertyKey(t.key)}: ${loader},`];
  });
  return renderModule(specHeader(model, documentSources()), [{ isTypeOnly: true, moduleSpecifier: CLIENT_RUNTIME, namedImports: ['ValidatorSet'] }], [
    '/** The typed resources and the facts about them that api.config.json records. */',
    `export const RESOURCES = {\n${facts.join('\n')}\n} as const;`,
    '',
    '/** A typed resource name. */',
    'export type ResourceName = keyof typeof RESOURCES;',
    '',
    '/** Loads one resource\'s (or namespace\'s) validators on first use (see `validate: true`). */',
    `export const VALIDATOR_LOADERS: Record<string, () => Promise<ValidatorSet>> = {\n${loaders.join('\n')}\n};`,
  ]);
}
