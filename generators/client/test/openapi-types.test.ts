import { fileURLToPath } from 'node:url';
import { formatFiles, loadModel, type ApiModel } from '@x/generator-core';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPEN_ENUM, openApiTypes, transformSchema, typesView } from '../src/index.js';
import { fixtureModel } from './fixture.js';

/**
 * `openApiTypes` replaces openapi-typescript (which loads the TypeScript compiler and Redocly on every run). This
 * pins that it writes the same types: openapi-typescript 7, with the options the project used and the same transform
 * built from TypeScript nodes, against `openApiTypes`, both formatted by the house formatter, on every real spec, the
 * third-API fixture, the unit fixture and a document that uses what those do not (allOf, anyOf, headers, component
 * parameters and bodies, tuples, pattern properties, nullable, const objects, deprecated, examples).
 */
function nodeTransform(schema: Record<string, unknown>): ts.TypeNode | undefined {
  if (schema['x-never'] === true) return ts.factory.createKeywordTypeNode(ts.SyntaxKind.NeverKeyword);
  if (schema[OPEN_ENUM] === 'nullable') {
    const list = (schema.oneOf ?? schema.anyOf) as Array<Record<string, unknown>> | undefined;
    const inner = list?.find((s) => s.type !== 'null' && s.$ref === undefined);
    const open = inner === undefined ? undefined : nodeTransform(inner);
    return open === undefined ? undefined : ts.factory.createUnionTypeNode([open, ts.factory.createLiteralTypeNode(ts.factory.createNull())]);
  }
  if (schema[OPEN_ENUM] !== true || !Array.isArray(schema.enum)) return undefined;
  const values = schema.enum as unknown[];
  const literals = values.map((value) =>
    typeof value === 'number'
      ? ts.factory.createLiteralTypeNode(ts.factory.createNumericLiteral(value))
      : ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(String(value))),
  );
  const numeric = values.every((value) => typeof value === 'number');
  const open = ts.factory.createIntersectionTypeNode([
    ts.factory.createKeywordTypeNode(numeric ? ts.SyntaxKind.NumberKeyword : ts.SyntaxKind.StringKeyword),
    ts.factory.createTypeLiteralNode([]),
  ]);
  return ts.factory.createUnionTypeNode([...literals, open]);
}

async function both(document: Record<string, unknown>): Promise<[theirs: string, ours: string]> {
  const ast = await openapiTS(structuredClone(document) as unknown as OpenAPI3, {
    alphabetize: true,
    exportType: true,
    defaultNonNullable: false,
    silent: true,
    transform: (schema) => nodeTransform(schema as unknown as Record<string, unknown>),
  });
  const [theirs, ours] = await formatFiles([
    { path: 'theirs.ts', contents: astToString(ast) },
    { path: 'ours.ts', contents: openApiTypes(document, { transform: transformSchema }) },
  ]);
  return [theirs?.contents ?? '', ours?.contents ?? ''];
}

const SPEC = fileURLToPath(new URL('../../../spec', import.meta.url));
const models: Record<string, ApiModel> = {};
beforeAll(async () => {
  models['pro-import'] = await loadModel(`${SPEC}/pro-import`);
  models.kleinanzeigen = await loadModel(`${SPEC}/kleinanzeigen`);
  models.bookshelf = await loadModel(fileURLToPath(new URL('../../cli/test/fixtures/spec/bookshelf', import.meta.url)));
}, 120_000);

const EDGES: Record<string, unknown> = {
  openapi: '3.1.0',
  info: { title: 'Edges', version: '1' },
  paths: {
    '/things/{id}': {
      parameters: [{ $ref: '#/components/parameters/Id' }],
      get: {
        summary: 'A thing',
        deprecated: true,
        parameters: [{ name: 'x-trace', in: 'header', required: true, schema: { type: 'string' } }, { name: 'q', in: 'query' }],
        responses: {
          '200': {
            description: 'ok',
            headers: { 'X-Rate': { schema: { type: 'integer' }, required: true }, 'X-Note': { description: 'a note', schema: { type: 'string' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } }, 'text/plain': {} },
          },
          default: { $ref: '#/components/responses/Problem' },
        },
      },
      put: { operationId: 'things#put', requestBody: { $ref: '#/components/requestBodies/Thing' }, responses: { '204': { description: 'done' } } },
    },
  },
  components: {
    parameters: { Id: { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } } },
    requestBodies: { Thing: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
    responses: { Problem: { description: 'a problem', content: { 'application/problem+json': { schema: { type: 'object', additionalProperties: true } } } } },
    schemas: {
      Thing: {
        title: 'Thing',
        type: 'object',
        required: ['id', 'kind'],
        properties: {
          id: { type: 'string', readOnly: true, examples: ['a', 'b'] },
          kind: { const: 'thing' },
          pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] },
          matrix: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
          tags: { type: ['array', 'null'], items: { type: 'string', enum: ['a', 'b'] } },
          old: { type: 'string', nullable: true, deprecated: true, default: 'x', example: { nested: [1, 'two'] } },
          either: { anyOf: [{ type: 'string' }, { $ref: '#/components/schemas/Thing' }] },
          open: { type: 'object', patternProperties: { '^x-': { type: 'string' } } },
          empty: { type: 'object' },
          any: {},
          lit: { const: { a: [1, -2], b: null } },
          neg: { enum: [-1, 0, 1.5] },
          comment: { type: 'string', description: 'ends with */ and has\nlines' },
        },
      },
      Derived: { allOf: [{ $ref: '#/components/schemas/Thing' }, { type: 'object', properties: { extra: { type: 'boolean' } } }], required: ['extra'] },
      Flag: { type: 'boolean', 'x-open-enum': true, enum: [true] },
      Unicode: { type: 'string', enum: ['Göteborg', 'a"b'], 'x-open-enum': true },
    },
  },
};

describe('openApiTypes writes what openapi-typescript writes', () => {
  for (const name of ['pro-import', 'kleinanzeigen', 'bookshelf']) {
    it(`on the ${name} document as the client's types see it`, async () => {
      const model = models[name];
      if (model === undefined) throw new Error(`no model ${name}`);
      const [theirs, ours] = await both(typesView(model));
      expect(ours).toBe(theirs);
    }, 120_000);
  }

  it('on the unit fixture', async () => {
    const [theirs, ours] = await both(typesView(fixtureModel()));
    expect(ours).toBe(theirs);
  });

  it('on a document that uses what the specs do not', async () => {
    const [theirs, ours] = await both(EDGES);
    expect(ours).toBe(theirs);
  });

  it('refuses a discriminator rather than guessing its types', () => {
    const document = { openapi: '3.1.0', info: { title: 't', version: '1' }, components: { schemas: { Pet: { oneOf: [], discriminator: { propertyName: 'kind' } } } } };
    expect(() => openApiTypes(document)).toThrow('#/components/schemas/Pet: `discriminator` is not supported by the types generator');
  });
});
