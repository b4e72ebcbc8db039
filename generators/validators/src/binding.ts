import { compareStrings, isRecord, nullableMember, refName, type ApiModel, type Catalogue, type ConstraintSource, type PayloadTarget, type Schema } from '@x/generator-core';
import type { CatalogueBinding } from './emit-zod.js';

/** Follows `$ref`s and drf-spectacular's nullable wrapper (`oneOf: [X, {type: 'null'}]`) to the schema itself. */
function resolve(model: ApiModel, schema: Schema | undefined): Schema | undefined {
  if (isRecord(schema) && typeof schema.$ref === 'string') {
    const name = refName(schema.$ref);
    return name === undefined ? undefined : resolve(model, model.schemas[name]);
  }
  const member = nullableMember(schema);
  return member === undefined ? schema : resolve(model, member);
}

/** Where a catalogue's values come from: its `x-reconstructed` note, or live (pulled, `x-pulled`). */
function catalogueSource(catalogue: Catalogue): ConstraintSource {
  const note = catalogue.extensions['x-reconstructed'];
  if (!isRecord(note)) return { kind: 'live' };
  const said = typeof note.source === 'string' ? note.source : 'reconstructed';
  return { kind: 'reconstructed', reason: `The values of this catalogue are ${said}; \`pnpm spec:pull\` replaces them with the live lists.` };
}

/** Whether the dotted attribute id resolves to an enum'd leaf (or list of enum'd items) under `root`. */
function resolvesTo(model: ApiModel, root: Schema | undefined, attribute: string): boolean {
  let node = root;
  for (const segment of attribute.split('.')) {
    const resolved = resolve(model, node);
    node = isRecord(resolved) && isRecord(resolved.properties) ? resolved.properties[segment] : undefined;
  }
  const leaf = resolve(model, node);
  if (!isRecord(leaf)) return false;
  if (Array.isArray(leaf.enum)) return true;
  const items = resolve(model, leaf.items);
  return isRecord(items) && Array.isArray(items.enum);
}

/**
 * Where the target's catalogue applies: the top-level property of its create body under which the most catalogue
 * attributes resolve to enum'd fields (`category_fields`). Nothing about the API is named here.
 */
export function catalogueBinding(model: ApiModel, target: PayloadTarget): CatalogueBinding | undefined {
  const catalogue = target.catalogue;
  const bodyName = target.schemas['create'] ?? target.schemas['update'] ?? Object.values(target.schemas)[0];
  if (catalogue === undefined || bodyName === undefined) return undefined;
  const body = resolve(model, model.schemas[bodyName]);
  if (!isRecord(body) || !isRecord(body.properties)) return undefined;
  let best: { property: string; count: number } | undefined;
  for (const property of Object.keys(body.properties).sort(compareStrings)) {
    const root = body.properties[property];
    const count = catalogue.attributes.filter((a) => resolvesTo(model, root, a.id)).length;
    if (count > 0 && (best === undefined || count > best.count)) best = { property, count };
  }
  if (best === undefined) return undefined;
  const dir = model.config.catalogue?.dir ?? 'catalogues';
  return {
    rootProperty: best.property,
    attributes: new Map(catalogue.attributes.map((a) => [a.id, (catalogue.values[a.id] ?? []).map((v) => v.id)])),
    children: new Map(Object.entries(catalogue.children).map(([child, c]) => [child, c.parent])),
    file: `${dir}/${target.key}.json`,
    source: catalogueSource(catalogue),
  };
}
