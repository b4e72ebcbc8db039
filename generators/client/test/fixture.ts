import { buildModel, type ApiConfig, type ApiModel } from '@x/generator-core';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const ok = (name: string, status = '200') => ({ [status]: { description: 'ok', ...json(ref(name)) } });
const sourceId = { name: 'source_id', in: 'path', required: true, schema: { type: 'string' } };
const query = (name: string, schema: unknown = { type: 'string' }) => ({ name, in: 'query', required: false, schema });
const page = (item: string) => ({
  type: 'object',
  required: ['count', 'results'],
  properties: { count: { type: 'integer' }, next: { type: ['string', 'null'] }, previous: { type: ['string', 'null'] }, results: { type: 'array', items: ref(item) } },
});
const body = (name: string) => ({ required: true, ...json(ref(name)) });

/** A small API in the snapshot's conventions: one vehicle type (car), the generic ad family and one attribute endpoint. */
export const FIXTURE_DOCUMENT: Record<string, unknown> = {
  openapi: '3.1.0',
  info: { title: 'Demo', version: '1.2.3' },
  paths: {
    '/v4/ad': { get: { operationId: 'v4_ad_list', tags: ['ad'], parameters: [query('limit', { type: 'integer' }), query('created__gte')], responses: ok('PaginatedAdList') } },
    '/v4/ad/{source_id}': {
      get: { operationId: 'v4_ad_retrieve', tags: ['ad'], parameters: [sourceId], responses: ok('Ad') },
      delete: { operationId: 'v4_ad_destroy', tags: ['ad'], parameters: [sourceId], responses: ok('Ad') },
    },
    '/v4/ad/{source_id}/bump': {
      get: { operationId: 'v4_ad_bump_retrieve', tags: ['ad'], description: 'Renew the ad. Charges apply.', parameters: [sourceId, query('exclude_bytbil', { type: 'boolean' })], responses: ok('Ad') },
    },
    '/v4/ad/{source_id}/log': {
      get: { operationId: 'v4_ad_log_list', tags: ['ad'], parameters: [sourceId, query('request_id')], responses: ok('PaginatedLogEntryList') },
    },
    '/v4/car': {
      get: { operationId: 'v4_car_list', tags: ['car'], parameters: [query('limit', { type: 'integer' })], responses: ok('PaginatedCarAdList') },
      post: { operationId: 'v4_car_create', tags: ['car'], summary: 'Create an ad', requestBody: body('CarRequest'), responses: ok('CarAd', '201') },
    },
    '/v4/car/validate': { post: { operationId: 'v4_car_validate_create', tags: ['car'], requestBody: body('CarRequest'), responses: ok('CarAd') } },
    '/v4/car/{source_id}': {
      get: { operationId: 'v4_car_retrieve', tags: ['car'], parameters: [sourceId], responses: ok('CarAd') },
      put: { operationId: 'v4_car_update', tags: ['car'], parameters: [sourceId], requestBody: body('CarUpdateRequest'), responses: ok('CarAd') },
      patch: { operationId: 'v4_car_partial_update', tags: ['car'], parameters: [sourceId], requestBody: body('PatchedCarUpdateRequest'), responses: ok('CarAd') },
      delete: { operationId: 'v4_car_destroy', tags: ['car'], parameters: [sourceId], responses: ok('CarAd') },
    },
    '/v4/car/{source_id}/log': { get: { operationId: 'v4_car_log_list', tags: ['car'], parameters: [sourceId], responses: ok('PaginatedLogEntryList') } },
    '/v4/car/{source_id}/migrate': {
      post: { operationId: 'v4_car_migrate_create', tags: ['car'], parameters: [sourceId], requestBody: body('CarMigrateRequest'), responses: ok('CarAd') },
    },
    '/v3/ad': { post: { operationId: 'v3_ad_create', tags: ['v3'], requestBody: body('V3AdRequest'), responses: ok('Ad', '201') } },
    '/v3/ad/validate': { post: { operationId: 'v3_ad_validate_create', tags: ['v3'], requestBody: body('V3AdRequest'), responses: ok('Ad') } },
    '/v4/vehicles/{vehicle_type}/{attribute}': {
      get: {
        operationId: 'v4_vehicles_values_list',
        tags: ['vehicles'],
        parameters: [
          { name: 'vehicle_type', in: 'path', required: true, schema: { type: 'string', enum: ['car'] } },
          { name: 'attribute', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'ok', ...json({ type: 'array', items: { type: 'string' } }) } },
      },
    },
  },
  components: {
    schemas: {
      Ad: { type: 'object', properties: { source_id: { type: 'string' } }, required: ['source_id'] },
      CarAd: { type: 'object', properties: { source_id: { type: 'string' }, blocket_ad_id: { type: ['integer', 'null'] } }, required: ['source_id'] },
      CarRequest: {
        type: 'object',
        additionalProperties: false,
        properties: { source_id: { type: 'string' }, category_id: { const: 1020 }, visible: { type: 'boolean', default: true } },
        required: ['source_id', 'category_id'],
      },
      CarUpdateRequest: { type: 'object', additionalProperties: false, properties: { category_id: { const: 1020 } }, required: ['category_id'] },
      PatchedCarUpdateRequest: { type: 'object', additionalProperties: false, properties: { category_id: { const: 1020 } } },
      CarMigrateRequest: { type: 'object', additionalProperties: false, properties: { visible: { type: 'boolean' } } },
      V3AdRequest: { type: 'object', properties: { source_id: { type: 'string' } }, required: ['source_id'] },
      LogEntry: { type: 'object', properties: { request_id: { type: 'string' }, action: { type: 'string', enum: ['create', 'publish'] } }, required: ['request_id', 'action'] },
      PaginatedAdList: page('Ad'),
      PaginatedCarAdList: page('CarAd'),
      PaginatedLogEntryList: page('LogEntry'),
    },
  },
};

export const FIXTURE_CONFIG: ApiConfig = {
  name: 'demo-api',
  title: 'Demo API',
  baseUrl: 'https://api.example.com/demo',
  schemaUrl: '/schema',
  auth: { type: 'api-key', header: 'X-Demo-Token', tokenEnv: 'DEMO_TOKEN' },
  packages: { client: '@x/demo-client', enums: '@x/demo-enums', testkit: '@x/demo-testkit' },
  namespaces: { ad: 'ads' },
  methodNames: { v4_vehicles_values_list: 'values' },
  chargedMethods: ['bump'],
  catalogue: { dir: 'vehicles', attributesPath: '/a', valuesPath: '/v', children: [] },
  resources: { car: { categoryId: 1020, registered: true, legacyCategoryIds: [1020], migrationRequired: false } },
};

export function fixtureModel(): ApiModel {
  return buildModel({ config: FIXTURE_CONFIG, document: structuredClone(FIXTURE_DOCUMENT), catalogues: {}, sha256: 'f'.repeat(64) });
}

/** One operation of the fixture by operationId. */
export function fixtureOperation(model: ApiModel, operationId: string) {
  const ns = model.namespaces.find((n) => n.operations.some((o) => o.operationId === operationId));
  const op = ns?.operations.find((o) => o.operationId === operationId);
  if (ns === undefined || op === undefined) throw new Error(`no ${operationId} in the fixture`);
  return { ns, op };
}
