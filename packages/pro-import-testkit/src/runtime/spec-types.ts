/** Shapes of the generated facts (`src/generated/*.gen.ts`); hand-written so generated code and the fake share them. */

export type { CatalogueItem, CatalogueSnapshot, HttpMethod, RouteDef } from '@x/fake-runtime';

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
