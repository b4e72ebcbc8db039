import { buildModel, parseApiConfig, parseCatalogue, type ApiModel } from '@x/generator-core';

/** A one-resource API: a `bike` with a brand catalogue and models per brand. */
export function bikeModel(): ApiModel {
  const config = parseApiConfig(
    {
      name: 'shop',
      title: 'Shop API',
      baseUrl: 'https://api.example.test',
      schemaUrl: '/schema',
      auth: { header: 'X-Key', tokenEnv: 'SHOP_TOKEN' },
      packages: { client: '@t/client', enums: '@t/enums', testkit: '@t/testkit' },
      catalogue: { dir: 'catalogues', attributesPath: '/a/{resource}', valuesPath: '/a/{resource}/{attribute}' },
      resources: { bike: { categoryId: 7, registered: true } },
    },
    'api.config.json',
  );
  const catalogue = parseCatalogue(
    {
      attributes: [{ id: 'frame.size', name: 'Frame Size' }, { id: 'brand', name: 'Brand' }],
      values: {
        brand: [{ id: 'crescent', name: 'Crescent' }, { id: 'bianchi', name: 'Bianchi' }],
        'frame.size': [{ id: 'm', name: 'Medium' }],
      },
      children: { model: { parent: 'brand', values: { crescent: [{ id: 'road', name: "Road 'R'" }] } } },
    },
    'bike',
    'catalogues/bike.json',
  );
  const document = {
    openapi: '3.1.0',
    info: { title: 'Shop', version: '1.0.0' },
    paths: {
      '/v1/bike': {
        post: {
          operationId: 'bike_create',
          tags: ['bike'],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/BikeRequest' } } } },
          responses: { '201': { description: 'ok' } },
        },
      },
    },
    components: {
      schemas: {
        BikeRequest: {
          type: 'object',
          required: ['fields'],
          additionalProperties: false,
          properties: { fields: { $ref: '#/components/schemas/BikeFields' }, visible: { type: 'boolean', default: true } },
        },
        BikeFields: {
          type: 'object',
          required: ['brand'],
          additionalProperties: false,
          properties: {
            brand: { type: 'string', enum: ['bianchi', 'crescent'] },
            model: { type: 'string' },
            frame: { type: 'object', additionalProperties: false, properties: { size: { type: 'string', enum: ['m'] } } },
          },
        },
      },
    },
  };
  return buildModel({ config, document, catalogues: { bike: catalogue }, sha256: 'f'.repeat(64) });
}
