import type { Catalogue, CatalogueItem, Resource } from '@x/generator-core';
import { attributeNames, childNames, compareStrings, stringLiteral as literal } from '@x/generator-core';
import { ATTRIBUTES_EXPORT, CATALOGUE_RUNTIME } from './names.js';

/** The one-line note on every list of a reconstructed catalogue. */
export const RECONSTRUCTED_NOTE =
  'Reconstructed, not the live list: real values may be missing (the validators only warn about them, the client types accept any string); `pnpm spec:pull` with a token replaces it.';

/** Whether a catalogue was reconstructed rather than pulled from the live API. */
export function isReconstructed(catalogue: Catalogue): boolean {
  return catalogue.extensions['x-reconstructed'] !== undefined;
}

/** `[{ id, name }, ...]` one value per line, so a changed value is a one-line diff. */
export function emitItems(items: readonly CatalogueItem[], indent = ''): string {
  if (items.length === 0) return '[]';
  const lines = [...items]
    .sort((a, b) => compareStrings(a.id, b.id))
    .map((item) => `${indent}  { id: ${literal(item.id)}, name: ${literal(item.name)} },`);
  return `[\n${lines.join('\n')}\n${indent}]`;
}

/** One attribute: its catalogue object (values, ids, is, nameOf), the union of its ids and a type guard. */
export function emitAttribute(resource: string, attribute: CatalogueItem, values: readonly CatalogueItem[], reconstructed = false): string {
  const names = attributeNames(attribute.id);
  const doc = reconstructed
    ? `/**\n * ${attribute.name} (\`${attribute.id}\`) of ${resource}: \`.values\`, \`.ids\`, \`.is(value)\`, \`.nameOf(id)\`.\n * ${RECONSTRUCTED_NOTE}\n */`
    : `/** ${attribute.name} (\`${attribute.id}\`) of ${resource}: \`.values\`, \`.ids\`, \`.is(value)\`, \`.nameOf(id)\`. */`;
  return [
    doc,
    `export const ${names.catalogue} = /* @__PURE__ */ defineCatalogue(${literal(attribute.id)}, ${emitItems(values)} as const);`,
    `/** An id of {@link ${names.catalogue}}. */`,
    `export type ${names.type} = (typeof ${names.catalogue}.ids)[number];`,
    `/** Whether \`value\` is an id of {@link ${names.catalogue}}. */`,
    `export function ${names.guard}(value: unknown): value is ${names.type} {`,
    `  return ${names.catalogue}.is(value);`,
    `}`,
  ].join('\n');
}

/** A child catalogue (car models per brand) as a map keyed by parent id, with its typed lookup. */
export function emitChild(attributeId: string, child: Catalogue['children'][string], reconstructed = false): string {
  const names = childNames(attributeId, child.parent);
  const parents = Object.keys(child.values).sort(compareStrings);
  const entries = parents.map((parent) => `  ${literal(parent)}: ${emitItems(child.values[parent] ?? [], '  ')},`);
  const summary = `\`${attributeId}\` values per \`${child.parent}\`: look up with \`${names.catalogue}.of(${child.parent})\`.`;
  return [
    reconstructed ? `/**\n * ${summary}\n * ${RECONSTRUCTED_NOTE}\n */` : `/** ${summary} */`,
    `export const ${names.catalogue} = /* @__PURE__ */ defineChildCatalogue(${literal(attributeId)}, ${literal(child.parent)}, {`,
    ...entries,
    `} as const);`,
    `/** A \`${attributeId}\` id allowed under parent \`P\` (any parent when left out). */`,
    `export type ${names.type}<P extends keyof typeof ${names.catalogue}.values = keyof typeof ${names.catalogue}.values> = ChildIdOf<typeof ${names.catalogue}, P>;`,
  ].join('\n');
}

/** The body of `<resource>.gen.ts` (header and formatting are added by the caller). */
export function emitCatalogueModule(resource: Resource): string {
  const catalogue = resource.catalogue;
  const attributes = [...(catalogue?.attributes ?? [])].sort((a, b) => compareStrings(a.id, b.id));
  const children = Object.keys(catalogue?.children ?? {}).sort(compareStrings);
  const imports = [
    ...(attributes.length > 0 ? ['defineCatalogue'] : []),
    ...(children.length > 0 ? ['defineChildCatalogue', 'type ChildIdOf'] : []),
  ];
  const parts: string[] = [];
  if (imports.length > 0) parts.push(`import { ${imports.join(', ')} } from ${literal(CATALOGUE_RUNTIME)};`);
  parts.push(
    `/** The attributes of ${resource.name} that have a catalogue, sorted by id. */\nexport const ${ATTRIBUTES_EXPORT} = ${emitItems(attributes)} as const;`,
  );
  const reconstructed = catalogue !== undefined && isReconstructed(catalogue);
  for (const attribute of attributes) parts.push(emitAttribute(resource.name, attribute, catalogue?.values[attribute.id] ?? [], reconstructed));
  for (const id of children) {
    const child = catalogue?.children[id];
    if (child !== undefined) parts.push(emitChild(id, child, reconstructed));
  }
  return `${parts.join('\n\n')}\n`;
}
