import { buildModel, parseApiConfig } from '@x/generator-core';
import { describe, expect, it } from 'vitest';
import { openApiTypes, transformSchema, typesView } from '../src/index.js';

const documented = { kind: 'documented', doc: 'docs.txt', quote: 'As documented.' };
const guess = { kind: 'reconstructed', reason: 'Our design.' };

/** A reconstruction with one request body and one response-only schema. */
function model() {
  const config = parseApiConfig(
    {
      name: 'shop',
      title: 'Shop',
      baseUrl: 'https://api.example.test',
      schemaUrl: '/schema',
      auth: { header: 'X-Key', tokenEnv: 'SHOP_TOKEN' },
      packages: { client: '@t/client', enums: '@t/enums', testkit: '@t/testkit' },
      catalogue: { dir: 'catalogues', attributesPath: '/a/{resource}', valuesPath: '/a/{resource}/{attribute}' },
      resources: {},
    },
    'api.config.json',
  );
  const document = {
    openapi: '3.1.0',
    info: { title: 'Shop', version: '1', 'x-reconstructed': { source: 'docs', date: '2026-01-01' } },
    paths: {
      '/bikes': {
        post: {
          operationId: 'bikes_create',
          tags: ['bikes'],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/BikeRequest' } } } },
          responses: { '201': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Bike' } } } } },
        },
      },
    },
    components: {
      'x-sources': { guess },
      schemas: {
        BikeRequest: {
          type: 'object',
          required: ['name', 'brand'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', 'x-source': { '*': documented } },
            brand: { type: 'string', enum: ['crescent'], 'x-source': { '*': documented, enum: 'guess' } },
            color: { oneOf: [{ type: 'string', enum: ['red'], 'x-source': { '*': guess } }, { type: 'null' }] },
            title: { not: {}, 'x-source': { not: documented } },
          },
          'x-source': { '*': documented, required: { name: documented, brand: guess }, additionalProperties: guess },
        },
        Bike: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', 'x-source': { '*': documented } } },
          'x-source': { '*': documented, required: guess },
        },
      },
    },
  };
  return buildModel({ config, document, catalogues: {}, sha256: 'e'.repeat(64) });
}

async function types(): Promise<string> {
  return openApiTypes(typesView(model()), { transform: transformSchema });
}

describe('typesView: the types close only on documented rules', () => {
  it('a reconstructed value list is open, a documented field that must not be sent is never', async () => {
    const out = await types();
    expect(out).toMatch(/brand\?: "crescent" \| \(string & \{\}\);/);
    expect(out).toMatch(/color\?: \("red" \| \(string & \{\}\)\) \| null;/);
    expect(out).toMatch(/title\?: never;/);
  });

  it('a guessed required field is optional; a documented one stays required', async () => {
    const out = await types();
    expect(out).toMatch(/name: string;/);
    expect(out).toMatch(/brand\?:/);
  });

  it('says in the JSDoc what is not documented', async () => {
    expect(await types()).toContain('Not stated by the documentation (the validators only warn; see PROVENANCE.md): `required` (reconstructed), `enum` (reconstructed).');
  });

  it('leaves response-only schemas as they are (a response is read, not refused)', async () => {
    expect(await types()).toMatch(/Bike: \{\s+id: string;/);
  });

  it('removes the provenance metadata', () => {
    const view = JSON.stringify(typesView(model()));
    expect(view).not.toContain('x-source');
  });
});
