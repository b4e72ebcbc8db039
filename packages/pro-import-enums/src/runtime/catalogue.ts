/** One selectable value, as the attribute endpoints return it: `id` is what the API accepts, `name` its label. */
export type CatalogueItem<Id extends string = string> = { readonly id: Id; readonly name: string };

/** The values of one attribute with a type guard and a name lookup. */
export type Catalogue<Id extends string = string> = {
  /** The attribute id, dotted for nested fields (`powertrain.fuel`). */
  readonly attribute: string;
  /** Every value, sorted by id. */
  readonly values: readonly CatalogueItem<Id>[];
  /** Every id, in the order of `values`. */
  readonly ids: readonly Id[];
  /** Whether `value` is one of the ids. */
  is(value: unknown): value is Id;
  /** The display name of an id; throws for an id that is not in the catalogue. */
  nameOf(id: Id): string;
};

/** The values of an attribute that depend on a parent attribute's value (car models per brand). */
export type ChildCatalogue<Values extends Readonly<Record<string, readonly CatalogueItem[]>>> = {
  readonly attribute: string;
  readonly parent: string;
  /** Parent id -> its values, sorted by id. */
  readonly values: Values;
  /** The values of one parent id; an empty list for a parent the catalogue does not know. */
  of<P extends string>(parent: P): P extends keyof Values ? Values[P] : readonly CatalogueItem[];
  /** Whether `value` is an id of the values of `parent`. */
  is<P extends keyof Values & string>(parent: P, value: unknown): value is Values[P][number]['id'];
  /** The display name of a child id under a parent; throws when the pair is unknown. */
  nameOf<P extends keyof Values & string>(parent: P, id: Values[P][number]['id']): string;
};

/** The ids a child catalogue allows under parent `P` (all parents when `P` is left out). */
export type ChildIdOf<
  C extends { readonly values: Readonly<Record<string, readonly CatalogueItem[]>> },
  P extends keyof C['values'] = keyof C['values'],
> = C['values'][P][number]['id'];

function lookup(values: readonly CatalogueItem[]): Map<string, string> {
  return new Map(values.map((item) => [item.id, item.name]));
}

/**
 * Wraps a generated value list. Generated modules call it once per attribute, marked pure so bundlers drop the
 * catalogues a program never reads.
 *
 * @example
 * const fuel = defineCatalogue('fuel', [{ id: 'diesel', name: 'Diesel' }] as const);
 * fuel.is('diesel'); // true
 * fuel.nameOf('diesel'); // 'Diesel'
 */
export function defineCatalogue<const Items extends readonly CatalogueItem[]>(
  attribute: string,
  values: Items,
): Catalogue<Items[number]['id']> {
  type Id = Items[number]['id'];
  const names = lookup(values);
  return {
    attribute,
    values,
    ids: values.map((item) => item.id as Id),
    is: (value: unknown): value is Id => typeof value === 'string' && names.has(value),
    nameOf: (id: Id): string => {
      const name = names.get(id);
      if (name === undefined) throw new Error(`"${String(id)}" is not a value of ${attribute}; use one of its ids (${attribute}.ids).`);
      return name;
    },
  };
}

/**
 * Wraps a generated parent -> values map (car models per brand).
 *
 * @example
 * const modelByBrand = defineChildCatalogue('model', 'brand', { volvo: [{ id: 'xc60', name: 'XC60' }] } as const);
 * modelByBrand.of('volvo'); // [{ id: 'xc60', name: 'XC60' }]
 * modelByBrand.is('volvo', 'xc60'); // true
 */
export function defineChildCatalogue<const Values extends Readonly<Record<string, readonly CatalogueItem[]>>>(
  attribute: string,
  parent: string,
  values: Values,
): ChildCatalogue<Values> {
  const byParent = new Map(Object.entries(values).map(([key, items]) => [key, { items, names: lookup(items) }]));
  const empty: readonly CatalogueItem[] = [];
  return {
    attribute,
    parent,
    values,
    of: ((key: string) => byParent.get(key)?.items ?? empty) as ChildCatalogue<Values>['of'],
    is: (key: string, value: unknown): boolean => typeof value === 'string' && (byParent.get(key)?.names.has(value) ?? false),
    nameOf: (key: string, id: string): string => {
      const name = byParent.get(key)?.names.get(id);
      if (name === undefined) {
        throw new Error(`"${id}" is not a ${attribute} of ${parent} "${key}"; the ids it accepts are those of .of("${key}").`);
      }
      return name;
    },
  } as ChildCatalogue<Values>;
}
