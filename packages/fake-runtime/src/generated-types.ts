/**
 * Shapes of what the testkit generator writes into a fake's `src/generated/*.gen.ts` (through the fake's own
 * `src/runtime/spec-types.ts`, which re-exports these), so generated code, the router and the fake agree.
 */

/**
 * An HTTP method as the route table spells it.
 *
 * @example
 * const method: HttpMethod = 'put';
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One operation of an API as the router sees it. `path` is relative to the API's base URL, with `{param}` segments.
 *
 * @example
 * const route: RouteDef = {
 *   method: 'get', path: '/v1/listings/{uuid}', operationId: 'getlisting',
 *   namespace: 'listings', methodName: 'get', resource: null,
 * };
 */
export type RouteDef = {
  method: HttpMethod;
  path: string;
  operationId: string;
  namespace: string;
  methodName: string;
  /** The resource of a per-resource endpoint (a vehicle type), `null` for the others. */
  resource: string | null;
};

/**
 * One value of an attribute catalogue.
 *
 * @example
 * const volvo: CatalogueItem = { id: 'volvo', name: 'Volvo' };
 */
export type CatalogueItem = { id: string; name: string };

/**
 * An attribute catalogue in the shape of the attribute endpoints: the attributes, each one's values, and values
 * that depend on a parent attribute (models per brand).
 *
 * @example
 * const none: CatalogueSnapshot = { attributes: [], values: {}, children: {} };
 */
export type CatalogueSnapshot = {
  attributes: CatalogueItem[];
  values: Record<string, CatalogueItem[]>;
  children: Record<string, { parent: string; values: Record<string, CatalogueItem[]> }>;
};
