import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/build-model.js';
import { payloadTargets } from '../src/payloads.js';
import { fixtureConfig, fixtureDocument } from './fixture.js';

describe('payloadTargets', () => {
  it('lists each resource with its body schemas, and namespaces without a resource that have bodies', () => {
    const document = fixtureDocument();
    const paths = document.paths as Record<string, Record<string, unknown>>;
    // A namespace without a resource gets a target only through operations named like payload kinds.
    paths['/v1/item'] = {
      ...paths['/v1/item'],
      post: {
        operationId: 'item_create',
        tags: ['item'],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/BikeRequest' } } } },
        responses: { '201': { description: 'ok' } },
      },
    };
    const model = buildModel({ config: fixtureConfig(), document, catalogues: {}, sha256: 'x' });
    // The bike's PATCH sends the create schema, so it shares the create validator.
    expect(payloadTargets(model).map((t) => [t.key, t.schemas, t.methods, t.resource?.name])).toEqual([
      ['bike', { create: 'BikeRequest' }, { create: 'post' }, 'bike'],
      ['items', { create: 'BikeRequest' }, { create: 'post' }, undefined],
    ]);
  });

  it('names a body after its operation, whatever it is called, known kinds first', () => {
    const document = fixtureDocument();
    const paths = document.paths as Record<string, Record<string, unknown>>;
    const body = (schema: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } });
    paths['/v1/item/{id}/media'] = {
      put: { operationId: 'item_attach', tags: ['item'], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], requestBody: body('BikeRequest'), responses: { '204': { description: 'ok' } } },
    };
    paths['/v1/item'] = { post: { operationId: 'item_create', tags: ['item'], requestBody: body('PatchedBikeRequest'), responses: { '201': { description: 'ok' } } } };
    const config = { ...fixtureConfig(), methodNames: { ...fixtureConfig().methodNames, item_attach: 'attach' } };
    const model = buildModel({ config, document, catalogues: {}, sha256: 'x' });
    const items = payloadTargets(model).find((t) => t.key === 'items');
    expect(Object.keys(items?.schemas ?? {})).toEqual(['create', 'attach']);
    expect(items?.methods).toEqual({ create: 'post', attach: 'put' });
  });
});
