import type { ApiConfig } from '../src/config.js';

/** A two-resource API small enough to read in one screen; tests build models from it without a spec file. */
export function fixtureConfig(): ApiConfig {
  return {
    name: 'shop',
    title: 'Shop API',
    baseUrl: 'https://api.example.test/shop',
    schemaUrl: '/schema',
    auth: { type: 'api-key', header: 'X-Key', tokenEnv: 'SHOP_TOKEN' },
    packages: { client: '@t/client', enums: '@t/enums', testkit: '@t/testkit' },
    namespaces: { item: 'items' },
    methodNames: { search_special: 'special' },
    catalogue: { dir: 'catalogues', attributesPath: '/attrs/{resource}', valuesPath: '/attrs/{resource}/{attribute}', children: [] },
    resources: {
      bike: { categoryId: 1, registered: false },
    },
  };
}

const ok = (ref: string) => ({ description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });

export function fixtureDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Shop', version: '2.0.0' },
    paths: {
      '/v1/bike': {
        post: {
          operationId: 'bike_create',
          tags: ['bike'],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/BikeRequest' } } } },
          responses: { '201': ok('Bike'), '400': { description: 'bad' } },
        },
        get: {
          operationId: 'bike_list',
          tags: ['bike'],
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
          responses: { '200': ok('Bike') },
        },
      },
      '/v1/bike/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { operationId: 'bike_retrieve', tags: ['bike'], responses: { '200': ok('Bike') } },
        patch: {
          operationId: 'bike_partial_update',
          tags: ['bike'],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/BikeRequest' } } } },
          responses: { '200': ok('Bike') },
        },
      },
      '/v1/item/{id}/ship': { get: { operationId: 'item_ship', tags: ['item'], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': ok('Bike') } } },
      '/v1/item/search/special': { get: { operationId: 'search_special', tags: ['item'], responses: { '200': ok('Bike') } } },
      '/v1/item': { get: { operationId: 'item_list', tags: ['item'], responses: { '200': ok('Bike') } } },
    },
    components: {
      schemas: {
        BikeRequest: { type: 'object', required: ['name'], properties: { name: { type: 'string' } }, example: { name: 'Crescent' } },
        Bike: { type: 'object', properties: { name: { type: 'string' } } },
      },
    },
  };
}
