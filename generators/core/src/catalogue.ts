import { SpecError, pointer } from './errors.js';
import { compareStrings, isRecord } from './json.js';

/** One selectable value as the attribute endpoints return it. */
export type CatalogueItem = { id: string; name: string };

/** The attribute catalogue of one resource, in the shape of the attribute endpoints (see spec/README.md). */
export type Catalogue = {
  resource: string;
  attributes: CatalogueItem[];
  values: Record<string, CatalogueItem[]>;
  /** attribute -> values per parent value (car models per brand). */
  children: Record<string, { parent: string; values: Record<string, CatalogueItem[]> }>;
  /** Metadata such as `x-reconstructed` or `x-pulled`, kept as is. */
  extensions: Record<string, unknown>;
};

export function sortItems(items: readonly CatalogueItem[]): CatalogueItem[] {
  return [...items].sort((a, b) => compareStrings(a.id, b.id));
}

/** Checks a catalogue file's shape and returns it with every list sorted by id. */
export function parseCatalogue(raw: unknown, resource: string, file: string): Catalogue {
  if (!isRecord(raw)) throw new SpecError(file, '#', 'expected an object with attributes, values and children');
  const items = (value: unknown, path: Array<string | number>): CatalogueItem[] => {
    if (!Array.isArray(value)) throw new SpecError(file, pointer(...path), 'expected an array of {id, name}');
    const seen = new Set<string>();
    return sortItems(
      value.map((item, i) => {
        if (!isRecord(item) || typeof item.id !== 'string' || typeof item.name !== 'string' || item.id === '') {
          throw new SpecError(file, pointer(...path, i), `expected {"id": string, "name": string}, got ${JSON.stringify(item)}`);
        }
        if (seen.has(item.id)) throw new SpecError(file, pointer(...path, i), `duplicate id "${item.id}"`);
        seen.add(item.id);
        return { id: item.id, name: item.name };
      }),
    );
  };
  const attributes = items(raw.attributes, ['attributes']);
  const valuesRaw = isRecord(raw.values) ? raw.values : {};
  const values: Record<string, CatalogueItem[]> = {};
  for (const key of Object.keys(valuesRaw).sort(compareStrings)) values[key] = items(valuesRaw[key], ['values', key]);
  for (const attribute of attributes) {
    if (!(attribute.id in values)) {
      throw new SpecError(file, pointer('values'), `attribute "${attribute.id}" is listed but has no values`);
    }
  }
  const children: Catalogue['children'] = {};
  const childrenRaw = isRecord(raw.children) ? raw.children : {};
  for (const key of Object.keys(childrenRaw).sort(compareStrings)) {
    const child = childrenRaw[key];
    if (!isRecord(child) || typeof child.parent !== 'string' || !isRecord(child.values)) {
      throw new SpecError(file, pointer('children', key), 'expected {"parent": string, "values": {parentId: [...]}}');
    }
    const childValues: Record<string, CatalogueItem[]> = {};
    for (const parentId of Object.keys(child.values).sort(compareStrings)) {
      childValues[parentId] = items(child.values[parentId], ['children', key, 'values', parentId]);
    }
    children[key] = { parent: child.parent, values: childValues };
  }
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (key.startsWith('x-')) extensions[key] = value;
  return { resource, attributes, values, children, extensions };
}
