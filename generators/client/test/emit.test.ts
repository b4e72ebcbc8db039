import { payloadTargets } from '@x/generator-core';
import { describe, expect, it } from 'vitest';
import {
  emitCallInput,
  emitClient,
  emitMethod,
  emitOperationSpec,
  emitOperations,
  emitOperationType,
  emitParameters,
  emitResourceFacts,
  emitValidatorLoader,
  isCharged,
  isPaginated,
  retryPolicy,
  validationTarget,
} from '../src/index.js';
import { fixtureModel, fixtureOperation } from './fixture.js';

const model = fixtureModel();
const op = (id: string) => fixtureOperation(model, id).op;

describe('classification', () => {
  it.each([
    ['v4_car_create', 'create'],
    ['v4_car_validate_create', 'idempotent'],
    ['v4_car_migrate_create', 'once'],
    ['v4_ad_bump_retrieve', 'once'],
    ['v4_car_update', 'idempotent'],
    ['v4_car_partial_update', 'idempotent'],
    ['v4_car_destroy', 'idempotent'],
    ['v4_ad_list', 'idempotent'],
  ])('retryPolicy(%s) = %s', (id, expected) => {
    const { ns, op: operation } = fixtureOperation(model, id);
    expect(retryPolicy(model, ns, operation)).toBe(expected);
  });

  it('the config’s send-once methods are never repeated', () => {
    const base = fixtureModel();
    const sendOnce = { ...base, config: { ...base.config, sendOnceMethods: ['delete'] } };
    const { ns, op: operation } = fixtureOperation(sendOnce, 'v4_car_destroy');
    expect(retryPolicy(sendOnce, ns, operation)).toBe('once');
    const { ns: ns2, op: op2 } = fixtureOperation(model, 'v4_car_destroy');
    expect(retryPolicy(model, ns2, op2)).toBe('idempotent');
  });

  it('the config’s charged methods and x-charges mark charged operations', () => {
    const charged = structuredClone(op('v4_car_retrieve'));
    expect(isCharged(model, charged)).toBe(false);
    const withExtension = fixtureModel();
    const paths = withExtension.document.paths as Record<string, Record<string, Record<string, unknown>>>;
    paths['/v4/car/{source_id}']!.get!['x-charges'] = true;
    expect(isCharged(withExtension, op('v4_car_retrieve'))).toBe(true);
  });

  it.each([
    ['v4_car_create', { resource: 'car', kind: 'create' }],
    ['v4_car_validate_create', { resource: 'car', kind: 'create' }],
    ['v4_car_update', { resource: 'car', kind: 'update' }],
    ['v4_car_partial_update', { resource: 'car', kind: 'patch' }],
    ['v4_car_migrate_create', { resource: 'car', kind: 'migrate' }],
    ['v4_car_retrieve', undefined],
    ['v4_ad_destroy', undefined],
    ['v3_ad_create', { resource: 'v3', kind: 'create' }],
    ['v3_ad_validate_create', { resource: 'v3', kind: 'create' }],
  ])('validationTarget(%s)', (id, expected) => {
    expect(validationTarget(model, op(id))).toEqual(expected);
  });

  it.each([
    ['v4_car_list', true],
    ['v4_ad_log_list', true],
    ['v4_car_retrieve', false],
    ['v4_vehicles_values_list', false],
  ])('isPaginated(%s) = %s', (id, expected) => {
    expect(isPaginated(model, op(id))).toBe(expected);
  });
});

describe('emit functions', () => {
  it.each([
    ['v4_car_create', "export type V4CarCreate = paths['/v4/car']['post'];"],
    ['v4_vehicles_values_list', "export type V4VehiclesValuesList = paths['/v4/vehicles/{vehicle_type}/{attribute}']['get'];"],
  ])('emitOperationType(%s)', (id, expected) => {
    expect(emitOperationType(op(id))).toBe(expected);
  });

  it.each([
    ['v4_car_create', ['body: CarCreateBody', 'options?: CallOptions'], '{ body }'],
    [
      'v4_car_update',
      ["sourceId: PathParams<V4CarUpdate>['source_id']", 'body: CarUpdateBody', 'options?: CallOptions'],
      '{ path: { source_id: sourceId }, body }',
    ],
    ['v4_ad_list', ['query?: Filters<QueryParams<V4AdList>>', 'options?: CallOptions'], '{ query }'],
    [
      'v4_ad_bump_retrieve',
      ["sourceId: PathParams<V4AdBumpRetrieve>['source_id']", 'query?: Filters<QueryParams<V4AdBumpRetrieve>>', 'options?: CallOptions'],
      '{ path: { source_id: sourceId }, query }',
    ],
    [
      'v4_vehicles_values_list',
      [
        "vehicleType: PathParams<V4VehiclesValuesList>['vehicle_type']",
        "attribute: PathParams<V4VehiclesValuesList>['attribute']",
        'options?: CallOptions',
      ],
      '{ path: { vehicle_type: vehicleType, attribute: attribute } }',
    ],
  ])('emitParameters and emitCallInput(%s)', (id, params, input) => {
    expect(emitParameters(op(id))).toEqual(params);
    expect(emitCallInput(op(id))).toBe(input);
  });

  it('emitMethod', () => {
    expect(emitMethod(op('v4_car_create'))).toBe(
      [
        '/**',
        ' * Create an ad.',
        ' *',
        ' * `POST /v4/car` (`v4_car_create`).',
        ' *',
        ' * @example',
        ' * const result = await client.car.create(body);',
        ' */',
        'create(body: CarCreateBody, options?: CallOptions): ApiPromise<SuccessData<V4CarCreate>> {',
        '  return this.#rt.call(op.v4CarCreate, { body }, options);',
        '}',
      ].join('\n'),
    );
  });

  it.each([
    [
      'v4_car_create',
      "{ operationId: 'v4_car_create', namespace: 'car', methodName: 'create', method: 'POST', path: '/v4/car', pathParams: [], queryParams: [], body: true, retry: 'create', validate: { resource: 'car', kind: 'create' }, readPath: '/v4/car/{source_id}' }",
    ],
    [
      'v4_ad_bump_retrieve',
      "{ operationId: 'v4_ad_bump_retrieve', namespace: 'ads', methodName: 'bump', method: 'GET', path: '/v4/ad/{source_id}/bump', pathParams: ['source_id'], queryParams: ['exclude_bytbil'], body: false, retry: 'once' }",
    ],
    [
      'v4_car_partial_update',
      "{ operationId: 'v4_car_partial_update', namespace: 'car', methodName: 'patch', method: 'PATCH', path: '/v4/car/{source_id}', pathParams: ['source_id'], queryParams: [], body: true, retry: 'idempotent', validate: { resource: 'car', kind: 'patch' } }",
    ],
  ])('emitOperationSpec(%s)', (id, expected) => {
    const { ns, op: operation } = fixtureOperation(model, id);
    expect(emitOperationSpec(model, ns, operation)).toBe(expected);
  });

  it('emitOperations writes one constant per operation, so bundles keep only the operations they call', () => {
    const source = emitOperations(model);
    expect(source).toContain("export const v4CarCreate = { operationId: 'v4_car_create',");
    expect(source).toMatch(/v4_car_create: v4CarCreate,/);
    // The namespaces read the constants, never the table of all operations.
    const client = emitClient(model);
    expect(client).toContain("import * as op from './operations.gen.js';");
    expect(client).not.toContain('OPERATIONS');
  });

  it('emitOperations refuses two operationIds that name the same constant', () => {
    const twin = fixtureModel();
    const [ns] = twin.namespaces;
    const first = ns!.operations[0]!;
    ns!.operations.push({ ...first, operationId: first.operationId.replace(/_/g, '-') });
    expect(() => emitOperations(twin)).toThrow(/both become the constant/);
  });

  it('emitResourceFacts and emitValidatorLoader', () => {
    const [car] = model.resources;
    expect(emitResourceFacts(car!)).toBe('{ categoryId: 1020, legacyCategoryIds: [1020], migrationRequired: false, registered: true }');
    expect(emitValidatorLoader(payloadTargets(model).find((t) => t.key === car!.name)!)).toBe(
      [
        'async () => {',
        "  const m = await import('./validators/car.gen.js');",
        '  return { create: m.validateCarCreate, update: m.validateCarUpdate, patch: m.validateCarPatch, migrate: m.validateCarMigrate };',
        '}',
      ].join('\n'),
    );
    expect(emitValidatorLoader({ key: 'v3', schemas: { create: 'V3AdRequest' }, methods: { create: 'post' }, mergePatch: [] })).toBe(
      "async () => {\n  const m = await import('./validators/v3.gen.js');\n  return { create: m.validateV3Create };\n}",
    );
    expect(emitValidatorLoader({ key: 'car', schemas: {}, methods: {}, mergePatch: [] })).toBeUndefined();
  });
});
