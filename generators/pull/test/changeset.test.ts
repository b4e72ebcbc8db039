import { describe, expect, it } from 'vitest';
import {
  changeLines,
  describeChange,
  listValues,
  planBumps,
  renderChangeset,
  renderSummary,
  type Bump,
} from '../src/changeset.js';
import type { DriftItem } from '../src/drift.js';

const packages = { client: '@x/c', enums: '@x/e', testkit: '@x/t' };
const valueAdded: DriftItem = {
  kind: 'enum',
  change: 'added',
  resource: 'car',
  source: 'catalogue',
  field: 'powertrain.fuel',
  values: ['hydrogen'],
};
const valueRemoved: DriftItem = { ...valueAdded, change: 'removed', values: ['petrol'] };
const fieldAdded: DriftItem = {
  kind: 'field',
  change: 'added',
  resource: 'car',
  field: 'category_fields.powertrain.gearbox',
};
const endpointRemoved: DriftItem = {
  kind: 'endpoint',
  change: 'removed',
  method: 'delete',
  path: '/v4/car/{source_id}',
};
const documentMeta: DriftItem = { kind: 'metadata', what: 'descriptions changed' };
const catalogueMeta: DriftItem = {
  kind: 'metadata',
  resource: 'car',
  what: 'display names changed in brand',
};

describe('planBumps', () => {
  const cases: Array<[string, DriftItem[], Record<string, Bump>]> = [
    ['no drift, no packages', [], {}],
    ['catalogue value added', [valueAdded], { '@x/c': 'minor', '@x/e': 'minor', '@x/t': 'minor' }],
    [
      'catalogue value removed',
      [valueAdded, valueRemoved],
      { '@x/c': 'major', '@x/e': 'major', '@x/t': 'major' },
    ],
    ['field added: not the enums', [fieldAdded], { '@x/c': 'minor', '@x/t': 'minor' }],
    [
      'endpoint removed next to a new value',
      [endpointRemoved, valueAdded],
      { '@x/c': 'major', '@x/e': 'minor', '@x/t': 'major' },
    ],
    ['document metadata only', [documentMeta], { '@x/t': 'patch' }],
    ['catalogue names only', [catalogueMeta], { '@x/e': 'patch', '@x/t': 'patch' }],
  ];
  it.each(cases)('%s', (_name, items, expected) => {
    expect(Object.fromEntries(planBumps({ items }, packages).map((p) => [p.name, p.bump]))).toEqual(expected);
  });
});

describe('describeChange', () => {
  const cases: Array<[DriftItem, string]> = [
    [endpointRemoved, 'Endpoint `DELETE /v4/car/{source_id}` was removed.'],
    [{ ...endpointRemoved, change: 'added' }, 'New endpoint `DELETE /v4/car/{source_id}`.'],
    [fieldAdded, 'car: new request field `category_fields.powertrain.gearbox`.'],
    [
      { ...fieldAdded, change: 'removed' },
      'car: request field `category_fields.powertrain.gearbox` was removed.',
    ],
    [
      { kind: 'attribute', change: 'added', resource: 'boat', attribute: 'hull' },
      'boat: new attribute `hull` with its values.',
    ],
    [
      { kind: 'attribute', change: 'removed', resource: 'boat', attribute: 'hull' },
      'boat: attribute `hull` and its values were removed.',
    ],
    [valueAdded, 'car: `powertrain.fuel` accepts new values `hydrogen`.'],
    [valueRemoved, 'car: `powertrain.fuel` no longer accepts `petrol`.'],
    [
      { ...valueAdded, field: 'model', parent: 'volvo', values: ['ex30', 'ex90'] },
      'car: `model` for `volvo` accepts new values `ex30`, `ex90`.',
    ],
    [documentMeta, 'OpenAPI document: descriptions changed.'],
    [catalogueMeta, 'car: display names changed in brand.'],
  ];
  it.each(cases)('%j', (item, expected) => {
    expect(describeChange(item)).toBe(expected);
  });
});

describe('summarising long changes', () => {
  it('cuts value lists after five', () => {
    expect(listValues(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('`a`, `b`, `c`, `d`, `e` and 2 more');
    expect(listValues(['a'])).toBe('`a`');
  });

  it('counts the lines beyond the limit in one closing line', () => {
    const items = Array.from({ length: 5 }, (_, i): DriftItem => ({ ...fieldAdded, field: `f${i}` }));
    expect(changeLines({ items }, 3)).toEqual([
      'car: new request field `f0`.',
      'car: new request field `f1`.',
      'car: new request field `f2`.',
      '...and 2 more changes.',
    ]);
  });
});

describe('renderChangeset', () => {
  it('renders front matter sorted by package and one line per change', () => {
    expect(
      renderChangeset({
        report: { items: [endpointRemoved, valueAdded] },
        packages,
        title: 'Mini API',
        date: '2025-02-03',
        shortSha: 'abcd1234',
      }),
    ).toBe(
      [
        '---',
        '"@x/c": major',
        '"@x/e": minor',
        '"@x/t": major',
        '---',
        '',
        'Mini API: spec pulled on 2025-02-03 (abcd1234).',
        '',
        '- Endpoint `DELETE /v4/car/{source_id}` was removed.',
        '- car: `powertrain.fuel` accepts new values `hydrogen`.',
        '',
      ].join('\n'),
    );
  });

  it('renders nothing without drift', () => {
    expect(
      renderChangeset({
        report: { items: [] },
        packages,
        title: 'Mini API',
        date: '2025-02-03',
        shortSha: 'abcd1234',
      }),
    ).toBeUndefined();
  });
});

describe('renderSummary', () => {
  it('groups endpoints, then resources, then the document', () => {
    expect(
      renderSummary({ items: [endpointRemoved, fieldAdded, valueRemoved, catalogueMeta, documentMeta] }),
    ).toEqual([
      'endpoints:',
      '  - DELETE /v4/car/{source_id}',
      'car:',
      '  + field category_fields.powertrain.gearbox',
      '  - powertrain.fuel: petrol',
      '  ~ display names changed in brand',
      'document: descriptions changed',
    ]);
  });

  it('says so when there is no drift', () => {
    expect(renderSummary({ items: [] })).toEqual(['no drift: the live API matches the snapshot']);
  });
});
