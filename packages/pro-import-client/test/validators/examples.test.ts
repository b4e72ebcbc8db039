import { describe, expect, it } from 'vitest';
import { resourceNames, validatePayload } from '../../src/validators/index.js';
import { specExamples } from './spec-examples.js';

const examples = specExamples();

describe('every example of the snapshot passes', () => {
  it('covers the 16 vehicle types and V3', () => {
    const creates = examples.filter((e) => e.kind === 'create').map((e) => e.resource);
    expect(new Set(creates)).toEqual(new Set(resourceNames));
    expect(resourceNames).toHaveLength(17);
  });

  it.each(examples.map((e) => [e.operationId, e] as const))('%s', (_id, example) => {
    // Valid on every rule, the reconstruction's included: no warnings even in strict mode.
    expect(validatePayload(example.resource, example.kind, example.example, { strict: true })).toEqual({ success: true, data: expect.anything(), warnings: [] });
  });
});

describe('variants of the create examples', () => {
  const creates = examples.filter((e) => e.kind === 'create' && e.resource !== 'v3');

  it.each(creates.map((e) => [e.resource, e] as const))('%s: migrate body (create without source_id and category_id) passes', (resource, example) => {
    const { source_id: _s, category_id: _c, ...migrate } = example.example as Record<string, unknown>;
    expect(validatePayload(resource, 'migrate', migrate).success).toBe(true);
  });

  it.each(creates.map((e) => [e.resource, e] as const))('%s: update body (create without source_id) and an empty patch pass', (resource, example) => {
    const { source_id: _s, ...update } = example.example as Record<string, unknown>;
    expect(validatePayload(resource, 'update', update).success).toBe(true);
    expect(validatePayload(resource, 'patch', {})).toEqual({ success: true, data: {}, warnings: [] });
  });
});

describe('per-type modules', () => {
  const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
  const camel = (name: string) => pascal(name).replace(/^./, (c) => c.toLowerCase());

  it.each(resourceNames.map((name) => [name]))('@x/pro-import-client/validators/%s exports a schema and a validator per payload kind', async (name) => {
    const module = (await import(`@x/pro-import-client/validators/${name}`)) as Record<string, unknown>;
    const kinds = name === 'v3' ? ['Create', 'Update', 'Patch'] : ['Create', 'Update', 'Patch', 'Migrate'];
    for (const kind of kinds) {
      expect(typeof module[`validate${pascal(name)}${kind}`], `validate${pascal(name)}${kind}`).toBe('function');
      expect(module[`${camel(name)}${kind}Schema`], `${camel(name)}${kind}Schema`).toHaveProperty('safeParse');
    }
  });
});

describe('validatePayload', () => {
  it('returns the parsed body with the documented create defaults applied, and invents none', () => {
    const car = examples.find((e) => e.operationId === 'v4_car_create')?.example as Record<string, unknown>;
    const { visible: _v, dont_publish_on_failed_images: _d, ...rest } = car;
    const outcome = validatePayload('car', 'create', { ...rest, price: [{ type: 'list', amount: 1 }] });
    expect(outcome.success && outcome.data).toMatchObject({ visible: true, dont_publish_on_failed_images: false, price: [{ type: 'list', amount: 1 }] });
    // No currency default: the documents describe none.
    expect(outcome.success && (outcome.data as { price: object[] }).price[0]).toEqual({ type: 'list', amount: 1 });
  });

  it('does not apply defaults to a patch (it would overwrite stored values)', () => {
    expect(validatePayload('car', 'patch', { body: 'x' })).toEqual({ success: true, data: { body: 'x' }, warnings: [] });
  });

  it('throws for an unknown resource or kind', () => {
    expect(() => validatePayload('plane', 'create', {})).toThrow('validatePayload: unknown resource "plane"; use one of agriculture-thresher,');
    expect(() => validatePayload('v3', 'migrate', {})).toThrow('validatePayload: "v3" has no "migrate" payload; use one of create, update, patch.');
    expect(() => validatePayload('car', 'delete' as 'create', {})).toThrow('validatePayload: "car" has no "delete" payload; use one of create, update, patch, migrate.');
  });
});
