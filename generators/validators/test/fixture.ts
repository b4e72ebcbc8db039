import { buildModel, parseApiConfig, parseCatalogue, type ApiModel } from '@x/generator-core';

/** A one-resource API with the schema features the validators generator handles, small enough to read at once. */
export function bikeModel(schemas: Record<string, unknown> = {}, options: { reconstructed?: boolean } = {}): ApiModel {
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
          'x-rules': [{ rule: 'required-for-categories', field: 'category', categories: [2], required: ['title'], source: { kind: 'documented', doc: 'docs.txt', quote: 'Title unless registered.' } }],
        },
        ...schemas,
      },
    },
  };
  if (options.reconstructed === true) {
    // The same API as a reconstruction: every constraint documented except these guesses.
    stampSources(document, {
      '#/components/schemas/BikeRequest': { additionalProperties: GUESS },
      '#/components/schemas/BikeFields': { required: { brand: GUESS } },
      '#/components/schemas/BikeFields/properties/brand': { enum: CATALOGUE },
      '#/components/schemas/BikeFields/properties/frame': { type: GUESS },
      '#/components/schemas/Zip/properties/zip': { pattern: INFERENCE },
      '#/components/schemas/Place': { oneOf: INFERENCE },
    });
    (document.info as Record<string, unknown>)['x-reconstructed'] = { source: 'the docs', date: '2026-01-01' };
    (catalogue.extensions as Record<string, unknown>)['x-reconstructed'] = { source: 'reconstructed from the docs' };
  }
  return buildModel({ config, document, catalogues: { bike: catalogue }, sha256: 'e'.repeat(64) });
}

export const DOCUMENTED = { kind: 'documented', doc: 'docs.txt', quote: 'As the docs say.' } as const;
export const GUESS = { kind: 'reconstructed', reason: 'Our design.' } as const;
export const INFERENCE = { kind: 'inferred', reason: 'A reading of the docs.' } as const;
export const CATALOGUE = { kind: 'reconstructed', reason: 'A reconstructed catalogue.' } as const;

/** Gives every schema node `x-source: {"*": documented}`, plus the given entries by pointer. */
function stampSources(document: Record<string, unknown>, overrides: Record<string, Record<string, unknown>>): void {
  const visit = (node: unknown, at: string): void => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    const record = node as Record<string, unknown>;
    if (record.type !== 'null' && record.$ref === undefined) record['x-source'] = { '*': DOCUMENTED, ...overrides[at] };
    for (const [key, value] of Object.entries(record)) {
      if (key === 'properties' && value !== null && typeof value === 'object') {
        for (const [name, sub] of Object.entries(value)) visit(sub, `${at}/properties/${name}`);
      } else if ((key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) value.forEach((sub, i) => visit(sub, `${at}/${key}/${i}`));
      else if (key === 'items') visit(value, `${at}/items`);
    }
  };
  const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
  for (const [name, schema] of Object.entries(schemas)) visit(schema, `#/components/schemas/${name}`);
  for (const item of Object.values(document.paths as Record<string, Record<string, unknown>>)) {
    for (const param of (item.parameters as Array<Record<string, unknown>> | undefined) ?? []) visit(param.schema, '#/param');
  }
}
