import { buildModel, parseApiConfig, parseCatalogue, type ApiModel } from '@x/generator-core';

const response = (ref: string) => ({
  description: 'ok',
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});

/** A two-resource API, small enough to read in a test, in the snapshot's conventions. */
export function fixtureModel(): ApiModel {
  const config = parseApiConfig(
    {
      name: 'pro-import',
      title: 'Fixture',
      baseUrl: 'https://api.example.com/pro-import-api',
      schemaUrl: '/docs/schema/?format=json',
      auth: { header: 'X-Auth-Token', tokenEnv: 'TOKEN' },
      packages: { client: 'c', enums: 'e', testkit: 't' },
      namespaces: { ad: 'ads' },
      methodNames: {},
      catalogue: { dir: 'vehicles', attributesPath: '/a', valuesPath: '/v', children: [] },
      resources: {
        boat: {
          categoryId: 1060,
          registered: false,
          legacyCategoryIds: [1062, 1061],
          migrationRequired: true,
        },
        car: { categoryId: 1020, registered: true, legacyCategoryIds: [1020] },
      },
    },
    'api.config.json',
  );
  const document = {
    openapi: '3.1.0',
    info: { title: 'Fixture', version: '4.0.0' },
    paths: {
      '/v4/car/{source_id}': {
        get: {
          operationId: 'v4_car_retrieve',
          tags: ['car'],
          parameters: [{ name: 'source_id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': response('CarAd') },
        },
      },
      '/v4/car': {
        post: {
          operationId: 'v4_car_create',
          tags: ['car'],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/CarRequest' },
                example: { source_id: 's1', category_id: 1020 },
              },
            },
          },
          responses: { '201': response('CarAd') },
        },
      },
      '/v4/boat/{source_id}': {
        get: {
          operationId: 'v4_boat_retrieve',
          tags: ['boat'],
          parameters: [{ name: 'source_id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': response('BoatAd') },
        },
      },
      '/v4/boat': {
        get: { operationId: 'v4_boat_list', tags: ['boat'], responses: { '200': response('BoatAd') } },
      },
      '/v4/ad': { get: { operationId: 'v4_ad_list', tags: ['ad'], responses: { '200': response('CarAd') } } },
    },
    components: {
      schemas: { CarRequest: { type: 'object' }, CarAd: { type: 'object' }, BoatAd: { type: 'object' } },
    },
  };
  const car = parseCatalogue(
    {
      attributes: [{ id: 'fuel', name: 'Fuel' }],
      values: {
        fuel: [
          { id: 'petrol', name: 'Petrol' },
          { id: 'diesel', name: 'Diesel' },
        ],
      },
      'x-reconstructed': { source: 'test' },
    },
    'car',
    'car.json',
  );
  return buildModel({ config, document, catalogues: { car }, sha256: 'abc123' });
}
