/** Shapes of the generated facts (`src/generated/*.gen.ts`); hand-written so generated code and the fake share them. */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One operation of the API as the router sees it. `path` is relative to the base URL, with `{param}` segments. */
export type RouteDef = {
  method: HttpMethod;
  path: string;
  operationId: string;
  namespace: string;
  methodName: string;
  /** The vehicle type for typed endpoints, `null` for `/v4/ad`, `/v4/vehicles` and `/v3`. */
  resource: string | null;
};

/** Facts about one vehicle type that the OpenAPI document cannot express (from api.config.json). */
export type ResourceFacts = {
  categoryId: number;
  registered: boolean;
  /** The V3 category ids whose ads this type takes over (migration source). */
  legacyCategoryIds: readonly number[];
  /** V3 ads of these categories must be migrated before PUT/PATCH. */
  migrationRequired: boolean;
  /** Further categories the typed endpoint accepts (moped: 1122 A-tractors). */
  otherCategoryIds?: readonly number[];
};

export type CatalogueItem = { id: string; name: string };

/** An attribute catalogue in the shape of the attribute endpoints. */
export type CatalogueSnapshot = {
  attributes: CatalogueItem[];
  values: Record<string, CatalogueItem[]>;
  children: Record<string, { parent: string; values: Record<string, CatalogueItem[]> }>;
};
