import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/build-model.js';
import { SpecError } from '../src/errors.js';
import { fixtureConfig, fixtureDocument } from './fixture.js';

const build = (document = fixtureDocument(), config = fixtureConfig()) =>
  buildModel({ config, document, catalogues: {}, sha256: 'abc', file: 'openapi.json' });

describe('buildModel', () => {
  it('groups operations into namespaces named by the config and the REST rule', () => {
    const model = build();
    expect(model.namespaces.map((ns) => [ns.name, ns.collectionPath, ns.operations.map((o) => o.methodName)])).toEqual([
      ['bike', '/v1/bike', ['create', 'get', 'list', 'patch']],
      ['items', '/v1/item', ['list', 'ship', 'special']],
    ]);
  });

  it('reads parameters (shared path ones included), bodies, examples and the success status', () => {
    const model = build();
    const create = model.operations.find((o) => o.operationId === 'bike_create');
    expect(create?.successStatus).toBe(201);
    expect(create?.requestBody).toMatchObject({ schemaName: 'BikeRequest', required: true, example: { name: 'Crescent' } });
    const get = model.operations.find((o) => o.operationId === 'bike_retrieve');
    expect(get?.pathParams.map((p) => p.name)).toEqual(['id']);
    expect(model.operations.find((o) => o.operationId === 'bike_list')?.queryParams.map((p) => p.name)).toEqual(['limit']);
  });

  it('finds each resource’s request and response schemas through its operations', () => {
    const [bike] = build().resources;
    expect(bike).toMatchObject({ name: 'bike', pascal: 'Bike', schemas: { create: 'BikeRequest', patch: 'BikeRequest', response: 'Bike' } });
    expect(bike?.schemas.update).toBeUndefined();
  });

  it('says where an operation without a tag is', () => {
    const document = fixtureDocument();
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    delete paths['/v1/item']?.get?.tags;
    expect(() => build(document)).toThrow(new SpecError('openapi.json', '#/paths/~1v1~1item/get', 'operation "item_list" has no tag, so it belongs to no namespace'));
  });

  it('refuses two operations that would get the same method name', () => {
    const config = fixtureConfig();
    config.methodNames = { search_special: 'ship' };
    expect(() => build(fixtureDocument(), config)).toThrow(/"search_special" and "item_ship" would both be items.ship\(\)|"item_ship" and "search_special" would both be items.ship\(\)/);
  });

  it('refuses a resource with no operations', () => {
    const config = fixtureConfig();
    config.resources.boat = { categoryId: 2, registered: false };
    expect(() => build(fixtureDocument(), config)).toThrow('openapi.json #/tags: resource "boat" from api.config.json has no operations tagged "boat"');
  });
});

describe('operations on another server', () => {
  it('are kept apart: no namespace, no resource; listed as foreign operations', () => {
    const document = fixtureDocument();
    const paths = document.paths as Record<string, Record<string, unknown>>;
    paths['/oidc/token'] = {
      post: {
        operationId: 'gettoken',
        tags: ['auth'],
        servers: [{ url: 'https://auth.example.test/v2' }],
        security: [],
        responses: { '200': { description: 'ok' } },
      },
    };
    const model = buildModel({ config: fixtureConfig(), document, catalogues: {}, sha256: 'x' });
    expect(model.operations.map((o) => o.operationId)).not.toContain('gettoken');
    expect(model.namespaces.map((n) => n.tag)).not.toContain('auth');
    expect(model.foreignOperations.map((o) => [o.operationId, o.path])).toEqual([['gettoken', '/oidc/token']]);
  });
});
