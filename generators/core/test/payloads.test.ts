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
    expect(payloadTargets(model).map((t) => [t.key, t.schemas, t.resource?.name])).toEqual([
      ['bike', { create: 'BikeRequest', patch: 'BikeRequest' }, 'bike'],
      ['items', { create: 'BikeRequest' }, undefined],
    ]);
  });
});
