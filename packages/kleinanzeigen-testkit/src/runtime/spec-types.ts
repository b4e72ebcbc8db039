/**
 * Shapes of the generated facts (`src/generated/*.gen.ts`; the testkit generator imports them from this path). The
 * route and catalogue shapes are the ones every fake shares.
 */
export type { CatalogueItem, CatalogueSnapshot, HttpMethod, RouteDef } from '@x/fake-runtime';

/**
 * Facts about one resource from api.config.json. The Kleinanzeigen API has no per-resource endpoints and no
 * catalogue (gap G-22), so there are none; the type stays open for the generated (empty) table.
 *
 * @example
 * const none: Readonly<Record<string, ResourceFacts>> = {}; // as src/generated/resources.gen.ts has it
 */
export type ResourceFacts = Readonly<Record<string, unknown>>;
