import { buildModel, parseApiConfig, parseCatalogue, type ApiModel } from '@x/generator-core';

/** A one-resource API with the schema features the validators generator handles, small enough to read at once. */
export function bikeModel(schemas: Record<string, unknown> = {}): ApiModel {
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
      attributes: [{ id: 'brand', name: 'Brand' }, { id: 'frame.size', name: 'Frame Size' }],
      values: { brand: [{ id: 'bianchi', name: 'Bianchi' }, { id: 'crescent', name: 'Crescent' }], 'frame.size': [{ id: 'm', name: 'Medium' }] },
      children: { model: { parent: 'brand', values: { crescent: [{ id: 'road', name: 'Road' }] } } },
    },
    'bike',
    'catalogues/bike.json',
  );
  const body = (name: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
  const document = {
    openapi: '3.1.0',
    info: { title: 'Shop', version: '1.0.0' },
    paths: {
      '/v1/bike': { post: { operationId: 'bike_create', tags: ['bike'], requestBody: body('BikeRequest'), responses: { '201': { description: 'ok' } } } },
      '/v1/bike/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        patch: { operationId: 'bike_partial_update', tags: ['bike'], requestBody: body('PatchedBikeRequest'), responses: { '200': { description: 'ok' } } },
      },
      '/v1/legacy': { post: { operationId: 'legacy_create', tags: ['legacy'], requestBody: body('LegacyRequest'), responses: { '201': { description: 'ok' } } } },
    },
    components: {
      schemas: {
        BikeRequest: {
          type: 'object',
          required: ['fields', 'kind'],
          additionalProperties: false,
          properties: {
            kind: { type: 'integer', const: 7 },
            fields: { $ref: '#/components/schemas/BikeFields' },
            visible: { type: 'boolean', default: true },
            place: { oneOf: [{ $ref: '#/components/schemas/Place' }, { type: 'null' }] },
          },
        },
        PatchedBikeRequest: {
          type: 'object',
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
        Place: { oneOf: [{ $ref: '#/components/schemas/Zip' }, { $ref: '#/components/schemas/Coordinates' }] },
        Zip: { type: 'object', required: ['zip'], additionalProperties: false, properties: { zip: { type: 'string', pattern: '^[0-9]+$' } } },
        Coordinates: {
          type: 'object',
          required: ['lat', 'lng'],
          additionalProperties: false,
          properties: { lat: { type: 'number' }, lng: { type: 'number' } },
        },
        LegacyRequest: {
          type: 'object',
          required: ['category'],
          additionalProperties: false,
          properties: { category: { type: 'integer', enum: [1, 2] }, title: { type: 'string' } },
          'x-rules': { registeredCategoryIds: [1], requiredUnlessRegistered: ['title'], requiredIfRegistered: [] },
        },
        ...schemas,
      },
    },
  };
  return buildModel({ config, document, catalogues: { bike: catalogue }, sha256: 'e'.repeat(64) });
}
