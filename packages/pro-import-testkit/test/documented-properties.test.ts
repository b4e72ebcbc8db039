import { validatePayload } from '@x/pro-import-client/validators';
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFake } from '../src/index.js';
import { proImportHandlers } from '../src/msw.js';
import { startFakeServer, type RunningFakeServer } from '../src/server.js';
import { OPENAPI_DOCUMENT } from '../src/generated/openapi.gen.js';
import { callFake } from './fidelity-support.js';
import { TYPES, createExample, pascal, type Json, type JsonObject } from './matrix-cells.js';

/**
 * "Documented refuses, everything else the server would take is taken": bodies built only from the documented
 * constraints of the snapshot (documented types, value lists, required sets and patterns; plausible strings, numbers
 * and URLs wherever the documents say nothing more) are accepted by the validators in default mode and by both fakes;
 * the same body with one documented rule broken is refused by all three with 400 and the same DRF error body.
 */
type Schema = Record<string, unknown>;
const components = OPENAPI_DOCUMENT.components as { schemas: Record<string, Schema>; 'x-sources': Record<string, { kind: string }> };
const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

function deref(schema: unknown): Schema {
  if (!isObject(schema)) return {};
  return typeof schema.$ref === 'string' ? deref(components.schemas[schema.$ref.split('/').pop() ?? '']) : (schema as Schema);
}

/** Whether `keyword` of the node (for `required`, of `property`) is documented. */
function documented(node: Schema, keyword: string, property?: string): boolean {
  const sources = isObject(node['x-source']) ? node['x-source'] : {};
  const own = sources[keyword];
  const id = keyword === 'required' && property !== undefined && isObject(own) ? own[property] : (own ?? sources['*']);
  return typeof id === 'string' && components['x-sources'][id]?.kind === 'documented';
}

/** The non-null member of a nullable wrapper, and whether null is allowed. */
function unwrap(schema: unknown): { schema: Schema; nullable: boolean } {
  const s = deref(schema);
  const members = Array.isArray(s.oneOf) ? s.oneOf.map(deref) : [];
  const nonNull = members.filter((m) => m.type !== 'null');
  if (members.length === 2 && nonNull.length === 1) return { schema: nonNull[0] as Schema, nullable: true };
  return { schema: s, nullable: false };
}

const text = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzåäö ABCÅÄÖ0123456789-.,!<>&'.split('')), minLength: 1, maxLength: 40 });
const url = fc.oneof(fc.webUrl(), text);

/**
 * An arbitrary value from the documented constraints of `schema`; `example` stands in where nothing is documented.
 * `patch`: a merge patch (PUT, PATCH): objects may send any part of themselves; list items stay whole.
 */
function arbitraryOf(raw: unknown, example: Json | undefined, path: string, patch = false): fc.Arbitrary<Json> {
  const { schema, nullable } = unwrap(raw);
  const inner = valueOf(schema, example, path, patch);
  return nullable ? fc.oneof({ weight: 5, arbitrary: inner }, { weight: 1, arbitrary: fc.constant(null) }) : inner;
}

function valueOf(schema: Schema, example: Json | undefined, path: string, patch: boolean): fc.Arbitrary<Json> {
  // Category fields: their shape is the reconstruction's, not documented: the example's attributes, any subset.
  if (path === 'category_fields' && isObject(example)) {
    return fc.subarray(Object.keys(example)).map((keys) => Object.fromEntries(keys.map((k) => [k, example[k] as Json])));
  }
  if (Array.isArray(schema.oneOf)) return fc.oneof(...schema.oneOf.map((m) => valueOf(deref(m), example, path, patch)));
  if (!documented(schema, 'type') && example !== undefined) return fc.constant(example);
  if (schema.const !== undefined || (schema.enum !== undefined && !documented(schema, schema.const !== undefined ? 'const' : 'enum'))) {
    return fc.constant((example ?? schema.const ?? (schema.enum as Json[])[0]) as Json);
  }
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as Json[]).filter((v) => v !== 'reduced' || !path.startsWith('price')));
  switch (schema.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return typeof example === 'number' ? fc.constant(example) : fc.integer({ min: 0, max: 10_000 });
    case 'number':
      return fc.integer({ min: 0, max: 5_000_000 });
    case 'array': {
      const item = deref(schema.items);
      const max = typeof schema.maxItems === 'number' ? Math.min(schema.maxItems, 4) : 4;
      if (path === 'price') return fc.array(arbitraryOf(item, undefined, 'price[]'), { maxLength: max });
      return fc.array(item.format === 'uri' ? url : text, { maxLength: max });
    }
    case 'string': {
      if (typeof schema.pattern === 'string' && documented(schema, 'pattern')) {
        const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
        const max = typeof schema.maxLength === 'number' ? schema.maxLength : 20;
        return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= max);
      }
      if (schema.format === 'uri') return url;
      if (path === 'source_id') return fc.uuid();
      return text;
    }
    case 'object':
      return objectOf(schema, isObject(example) ? example : {}, path, patch);
    default:
      return fc.constant((example ?? null) as Json);
  }
}

/** Documented required members always, the others present or not; unknown to the documents: never invented. */
function objectOf(schema: Schema, example: JsonObject, path: string, patch = false): fc.Arbitrary<Json> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set(patch ? [] : ((schema.required ?? []) as string[]).filter((p) => documented(schema, 'required', p)));
  const entries: Record<string, fc.Arbitrary<Json | undefined>> = {};
  for (const [name, sub] of Object.entries(properties)) {
    const member = deref(sub);
    if (isObject(member.not) && Object.keys(member.not).length === 0) {
      if (documented(member, 'not')) continue;
      if (example[name] === undefined) continue;
    }
    // A member whose type the documents do not give, and that the example does not show, is not invented.
    if (example[name] === undefined && !documented(unwrap(sub).schema, 'type') && unwrap(sub).schema.type !== undefined) continue;
    const value = arbitraryOf(sub, example[name], path === '' ? name : `${path}.${name}`, patch);
    entries[name] = required.has(name) ? value : fc.option(value, { nil: undefined });
  }
  return fc.record(entries).map((record) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as JsonObject);
}

let created = 0;
/** A create body of `type` from the documented constraints, dealer from the token; a source_id never used before. */
function createBodies(type: string): fc.Arbitrary<JsonObject> {
  const example = createExample(type);
  return objectOf(components.schemas[`${pascal(type)}Request`] as Schema, example, '').map((body) => {
    const out = body as JsonObject;
    delete out.dealer_code;
    if (typeof out.source_id === 'string') out.source_id = `${out.source_id}-${(created += 1)}`;
    return out;
  });
}

/** A merge-patch body of `type` (PATCH and PUT) from the documented constraints of its update schema. */
function patchBodies(type: string): fc.Arbitrary<JsonObject> {
  const { source_id: _id, ...example } = createExample(type);
  return objectOf(components.schemas[`Patched${pascal(type)}UpdateRequest`] as Schema, example, '', true).map((body) => {
    const out = body as JsonObject;
    delete out.dealer_code;
    return out;
  });
}

/** One documented rule of a create body, broken: its name and how to break it. */
type Break = { rule: string; apply(body: JsonObject): JsonObject };

/** Every documented rule of a type's create body that a mutation can break, found in the schema. */
function documentedBreaks(type: string): Break[] {
  const schema = components.schemas[`${pascal(type)}Request`] as Schema;
  const breaks: Break[] = [];
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const name of (schema.required ?? []) as string[]) {
    if (documented(schema, 'required', name)) breaks.push({ rule: `${name} required`, apply: ({ [name]: _drop, ...rest }) => rest });
  }
  for (const [name, sub] of Object.entries(properties)) {
    const { schema: member } = unwrap(sub);
    if (isObject(member.not) && documented(member, 'not')) breaks.push({ rule: `${name} must not be sent`, apply: (body) => ({ ...body, [name]: 'x' }) });
    if (member.type === 'boolean' && documented(member, 'type')) breaks.push({ rule: `${name} is a boolean`, apply: (body) => ({ ...body, [name]: { yes: true } }) });
    if (member.type === 'object' && documented(member, 'type')) {
      breaks.push({ rule: `${name} is an object`, apply: (body) => ({ ...body, [name]: ['not', 'an', 'object'] }) });
      for (const inner of (member.required ?? []) as string[]) {
        if (!documented(member, 'required', inner)) continue;
        breaks.push({ rule: `${name}.${inner} required`, apply: (body) => (isObject(body[name]) ? { ...body, [name]: Object.fromEntries(Object.entries(body[name]).filter(([k]) => k !== inner)) } : { ...body, [name]: {} }) });
      }
      for (const [inner, innerSchema] of Object.entries((member.properties ?? {}) as Record<string, Schema>)) {
        const { schema: leaf } = unwrap(innerSchema);
        if (typeof leaf.pattern !== 'string' || !documented(leaf, 'pattern')) continue;
        breaks.push({ rule: `${name}.${inner} pattern`, apply: (body) => ({ ...body, [name]: { ...(isObject(body[name]) ? body[name] : {}), email: 'a@example.com', [inner]: 'has spaces and letters' } }) });
      }
    }
    if (name === 'price') breaks.push({ rule: 'reduced price not allowed on POST', apply: (body) => ({ ...body, price: [{ type: 'reduced', amount: 100, currency: 'SEK' }] }) });
  }
  return breaks;
}

const msw = createFake({ autoAdvance: true });
const server = setupServer(...proImportHandlers(msw));
let http: RunningFakeServer;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  http = await startFakeServer({ fake: createFake({ autoAdvance: true }) });
});
afterAll(async () => {
  server.close();
  await http.close();
});

async function post(type: string, body: JsonObject): Promise<Array<{ status: number; body: unknown }>> {
  const viaMsw = await fetch(`https://api.blocket.se/pro-import-api/v4/${type}`, {
    method: 'POST',
    headers: { 'X-Auth-Token': msw.token({ scope: 'dealer_code', dealer_code: 'D1' }), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const viaHttp = await fetch(`${http.baseUrl}/v4/${type}`, {
    method: 'POST',
    headers: { 'X-Auth-Token': http.fake.token({ scope: 'dealer_code', dealer_code: 'D1' }), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return [
    { status: viaMsw.status, body: await viaMsw.json() },
    { status: viaHttp.status, body: await viaHttp.json() },
  ];
}

describe.each(TYPES.map((facts) => [facts.type] as const))('%s: documented constraints', (type) => {
  it('a body built from them is accepted by the validator (default mode) and by both fakes', async () => {
    await fc.assert(
      fc.asyncProperty(createBodies(type), async (body) => {
        const outcome = validatePayload(type, 'create', body);
        expect(outcome.success ? 'accepted' : outcome.errors).toBe('accepted');
        for (const reply of await post(type, body)) expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      }),
      { numRuns: 15, seed: 17 },
    );
  });

  it('a merge patch built from them (any part of the ad, nested objects included) is accepted by PATCH and PUT', async () => {
    const id = `patched-${type}`;
    for (const reply of await post(type, { ...createExample(type), source_id: id })) expect(reply.status).toBe(201);
    const send = async (method: string, body: JsonObject) => [
      await callFake(msw, method, `/v4/${type}/${id}`, body, msw.token({ scope: 'dealer_code', dealer_code: 'D1' })),
      await fetch(`${http.baseUrl}/v4/${type}/${id}`, { method, headers: { 'X-Auth-Token': http.fake.token({ scope: 'dealer_code', dealer_code: 'D1' }), 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() })),
    ];
    await fc.assert(
      fc.asyncProperty(patchBodies(type), fc.constantFrom('PATCH', 'PUT'), async (body, method) => {
        const outcome = validatePayload(type, method === 'PATCH' ? 'patch' : 'update', body);
        expect(outcome.success ? 'accepted' : outcome.errors).toBe('accepted');
        for (const reply of await send(method, body)) expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      }),
      { numRuns: 15, seed: 23 },
    );
  });

  it.each(documentedBreaks(type).map((b) => [b.rule, b] as const))('with "%s" broken it is refused: 400, the same DRF body from all three', async (_rule, broken) => {
    await fc.assert(
      fc.asyncProperty(createBodies(type), async (valid) => {
        const body = broken.apply(valid);
        const outcome = validatePayload(type, 'create', body);
        expect(outcome.success).toBe(false);
        if (outcome.success) return;
        expect(isObject(outcome.errors) || Array.isArray(outcome.errors)).toBe(true);
        for (const reply of await post(type, body)) expect(reply).toEqual({ status: 400, body: outcome.errors });
      }),
      { numRuns: 3, seed: 19 },
    );
  });
});

describe('the properties are built from the snapshot', () => {
  it('each type has documented rules to break, and a strict fake still refuses what the default accepts with warnings', async () => {
    for (const facts of TYPES) expect(documentedBreaks(facts.type).length, facts.type).toBeGreaterThan(3);
    const strict = createFake({ strict: true });
    const token = strict.token({ scope: 'dealer_code', dealer_code: 'D1' });
    const body = { ...createExample('car'), source_id: 'strict-1', category_fields: { registration_number: 'ABC123' } };
    expect(validatePayload('car', 'create', body).success).toBe(true);
    expect((await callFake(strict, 'POST', '/v4/car', body, token)).status).toBe(400);
  });
});
