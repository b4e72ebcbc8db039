import { describe, expect, it } from 'vitest';
import { parseCatalogue, type Catalogue } from '@x/generator-core';
import { createFields, detectDrift, provenanceDrift, type DriftItem, type SpecData } from '../src/drift.js';
import { bumpOf, describeChange } from '../src/changeset.js';
import { miniCatalogues, miniDocument, node, type RawCatalogue } from './helpers.js';

function spec(
  edit: (document: Record<string, unknown>, catalogues: Record<string, RawCatalogue>) => void = () =>
    undefined,
): SpecData {
  const document = miniDocument();
  const raw = miniCatalogues();
  edit(document, raw);
  const catalogues: Record<string, Catalogue> = {};
  for (const [resource, catalogue] of Object.entries(raw))
    catalogues[resource] = parseCatalogue(catalogue, resource, `${resource}.json`);
  return { document, catalogues };
}

const RESOURCES = ['car', 'boat'];

describe('detectDrift', () => {
  const cases: Array<[string, SpecData, DriftItem[]]> = [
    ['nothing changed', spec(), []],
    [
      'key order alone is not drift',
      spec((d) => void Object.assign(d, { info: { version: '1.0.0', title: 'Mini API' } })),
      [],
    ],
    [
      'an endpoint added and one removed',
      spec((d) => {
        const paths = node(d, 'paths');
        paths['/v4/car/{id}/bump'] = {
          get: { operationId: 'bump', tags: ['car'], responses: { '200': { description: 'OK' } } },
        };
        delete node(paths, '/v4/car').get;
      }),
      [
        { kind: 'endpoint', change: 'removed', method: 'get', path: '/v4/car' },
        { kind: 'endpoint', change: 'added', method: 'get', path: '/v4/car/{id}/bump' },
      ],
    ],
    [
      'a renamed path parameter is the same endpoint',
      spec((d) => {
        const paths = node(d, 'paths');
        paths['/v4/car/{id}'] = paths['/v4/car/{source_id}'];
        delete paths['/v4/car/{source_id}'];
      }),
      [{ kind: 'metadata', what: 'descriptions, examples or other details changed' }],
    ],
    [
      'nested fields added and removed, with dotted paths',
      spec((d) => {
        const fields = node(
          d,
          'components',
          'schemas',
          'CarRequest',
          'properties',
          'category_fields',
          'properties',
        );
        delete node(fields, 'powertrain', 'properties').fuel;
        fields.physics = { type: 'object', properties: { weight: { type: 'integer' } } };
      }),
      [
        { kind: 'field', change: 'removed', resource: 'car', field: 'category_fields.powertrain.fuel' },
        { kind: 'field', change: 'added', resource: 'car', field: 'category_fields.physics' },
        { kind: 'field', change: 'added', resource: 'car', field: 'category_fields.physics.weight' },
      ],
    ],
    [
      'schema enum values of a field without a catalogue',
      spec(
        (d) =>
          void (node(d, 'components', 'schemas', 'Price', 'properties').type = {
            type: 'string',
            enum: ['list', 'lease'],
          }),
      ),
      [
        {
          kind: 'enum',
          change: 'removed',
          resource: 'car',
          source: 'schema',
          field: 'price[].type',
          values: ['sale'],
        },
        {
          kind: 'enum',
          change: 'added',
          resource: 'car',
          source: 'schema',
          field: 'price[].type',
          values: ['lease'],
        },
      ],
    ],
    [
      'catalogue values, reported once even though the schema enum changed too',
      spec((d, c) => {
        node(
          d,
          'components',
          'schemas',
          'CarRequest',
          'properties',
          'category_fields',
          'properties',
          'powertrain',
          'properties',
        ).fuel = {
          type: 'string',
          enum: ['diesel', 'electric'],
        };
        c.car!.values['powertrain.fuel'] = [
          { id: 'diesel', name: 'DIESEL' },
          { id: 'electric', name: 'Electric' },
        ];
      }),
      [
        {
          kind: 'enum',
          change: 'removed',
          resource: 'car',
          source: 'catalogue',
          field: 'powertrain.fuel',
          values: ['petrol'],
        },
        {
          kind: 'enum',
          change: 'added',
          resource: 'car',
          source: 'catalogue',
          field: 'powertrain.fuel',
          values: ['electric'],
        },
      ],
    ],
    [
      'child values per parent',
      spec((c_, c) => {
        c.car!.children!.model!.values.saab = [];
        c.car!.children!.model!.values.volvo!.push({ id: 'ex30', name: 'EX30' });
      }),
      [
        {
          kind: 'enum',
          change: 'removed',
          resource: 'car',
          source: 'catalogue',
          field: 'model',
          parent: 'saab',
          values: ['9-3'],
        },
        {
          kind: 'enum',
          change: 'added',
          resource: 'car',
          source: 'catalogue',
          field: 'model',
          parent: 'volvo',
          values: ['ex30'],
        },
      ],
    ],
    [
      'a catalogue attribute added, its values not listed one by one',
      spec((_d, c) => {
        c.boat!.attributes.push({ id: 'hull', name: 'Hull' });
        c.boat!.values.hull = [{ id: 'wood', name: 'Wood' }];
      }),
      [{ kind: 'attribute', change: 'added', resource: 'boat', attribute: 'hull' }],
    ],
    [
      'display names are metadata',
      spec((_d, c) => void (c.boat!.values.brand = [{ id: 'yamaha', name: 'Yamaha Marine' }])),
      [{ kind: 'metadata', resource: 'boat', what: 'display names changed in brand' }],
    ],
  ];

  it.each(cases)('%s', (_name, after, expected) => {
    expect(detectDrift(spec(), after, RESOURCES).items).toEqual(expected);
  });

  it('counts everything as added against an empty snapshot', () => {
    const items = detectDrift({ document: {}, catalogues: {} }, spec(), RESOURCES).items;
    expect(items.filter((i) => i.kind === 'endpoint')).toHaveLength(5);
    expect(items.every((i) => i.kind === 'metadata' || i.kind === 'provenance' || i.change === 'added')).toBe(true);
  });
});

describe('provenance: a reconstruction replaced by the live schema', () => {
  const documented = { kind: 'documented', doc: 'docs.txt', quote: 'As documented.' };
  const guess = { kind: 'reconstructed', reason: 'Our design.' };
  const reconstructed = {
    openapi: '3.1.0',
    info: { title: 't', version: '1', 'x-reconstructed': { source: 'docs', date: '2026-01-01' } },
    paths: {},
    components: {
      schemas: {
        Car: {
          type: 'object',
          required: ['source_id', 'brand'],
          properties: {
            source_id: { type: 'string', 'x-source': { '*': documented } },
            brand: { type: 'string', enum: ['volvo'], 'x-source': { '*': documented, enum: guess } },
            plate: { type: 'string', pattern: '^[A-Z]+$', 'x-source': { '*': guess } },
          },
          'x-source': { '*': documented, required: { source_id: documented, brand: guess } },
        },
      },
    },
  };
  const live = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {},
    components: {
      schemas: {
        Car: {
          type: 'object',
          required: ['source_id'],
          properties: { source_id: { type: 'string' }, brand: { type: 'string', enum: ['volvo', 'saab'] }, plate: { type: 'string' } },
        },
      },
    },
  };

  it('counts the guesses the live schema confirms (now refusing), those it drops, and the documented ones it confirms', () => {
    expect(provenanceDrift(reconstructed, live)).toEqual({ kind: 'provenance', confirmed: 2, dropped: 2, documented: 4 });
    expect(describeChange({ kind: 'provenance', confirmed: 2, dropped: 2, documented: 4 })).toBe(
      "The snapshot is now the server's own schema: 2 reconstructed or inferred constraints moved to live (the validators now refuse on them instead of warning), 2 are not in the live schema (dropped), 4 documented ones are confirmed.",
    );
    expect(bumpOf({ kind: 'provenance', confirmed: 2, dropped: 2, documented: 4 })).toBe('major');
  });

  it('says nothing when neither side is a reconstruction, or both are', () => {
    expect(provenanceDrift(live, live)).toBeUndefined();
    expect(provenanceDrift(reconstructed, reconstructed)).toBeUndefined();
  });
});

describe('createFields', () => {
  it('walks $ref, arrays and nested objects and keeps enum values', () => {
    expect(Object.fromEntries(createFields(miniDocument(), 'car'))).toEqual({
      source_id: [],
      price: [],
      'price[].type': ['list', 'sale'],
      'price[].amount': [],
      category_fields: [],
      'category_fields.brand': ['saab', 'volvo'],
      'category_fields.powertrain': [],
      'category_fields.powertrain.fuel': ['diesel', 'petrol'],
    });
  });

  it('follows allOf branches and stops at reference cycles', () => {
    const document = miniDocument();
    const schemas = node(document, 'components', 'schemas');
    schemas.Node = { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } };
    schemas.BoatRequest = {
      allOf: [
        { $ref: '#/components/schemas/Node' },
        { type: 'object', properties: { kind: { const: 'boat' } } },
      ],
    };
    expect(Object.fromEntries(createFields(document, 'boat'))).toEqual({ next: [], kind: ['boat'] });
  });

  it('is empty for a resource without operations', () => {
    expect(createFields(miniDocument(), 'plane').size).toBe(0);
  });
});
