import { createProImportClient, ProImportValidationError } from '@x/pro-import-client';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFake, type ProImportFake } from '../src/index.js';
import { proImportHandlers } from '../src/msw.js';
import { startFakeServer, type RunningFakeServer } from '../src/server.js';
import {
  TYPES, changed, createExample, merged, migrateExample, namespaceOf, resolve, updateCells, updateProperties, v3Body, v3Categories,
  type JsonObject, type TypeFacts,
} from './matrix-cells.js';

/**
 * The life cycle of every vehicle type of the snapshot and of V3, through the client with `validate: true`, against
 * the in-process fake (msw) and the HTTP fake. Each cell asserts the documented answer or, where the documents are
 * silent, acceptance; a failing cell is reported by name (all of a type's failures at once). Manual clocks with
 * autoAdvance: queued work is done before the next request, so nothing waits on time.
 */
type Call = (...args: unknown[]) => Promise<unknown>;
/** What the matrix calls of a client namespace (typed loosely: the namespace is chosen by name). */
type Namespace = { create: Call; get: Call; patch: Call; update: Call; bump: Call; retry: Call; migrate: Call; deleteAndWait: Call };
type Ad = JsonObject & { log: Array<{ action: string; state: string; request_id: string }>; image_refs: Array<{ url: string }> };

// The clocks start now (the default): the HTTP server's Date header is the wall clock's, and the client's waits
// bound the log entries they look at by it, so a manual clock must not start in the past.
const fakeOptions = { autoAdvance: true, latencyMs: 1000, seed: 7 } as const;
const msw = createFake(fakeOptions);
const server = setupServer(...proImportHandlers(msw));
let http: RunningFakeServer;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  http = await startFakeServer({ fake: createFake(fakeOptions) });
});
afterAll(async () => {
  server.close();
  await http.close();
});

const MODES: Array<[string, () => { fake: ProImportFake; baseUrl?: string }]> = [
  ['in-process fake (msw)', () => ({ fake: msw })],
  ['HTTP fake', () => ({ fake: http.fake, baseUrl: http.baseUrl })],
];

function clientOf(mode: () => { fake: ProImportFake; baseUrl?: string }) {
  const { fake, baseUrl } = mode();
  const token = fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
  return createProImportClient({ token, validate: true, retry: false, ...(process.env.MATRIX_DEBUG ? { debug: (l: string) => console.log(l) } : {}), ...(baseUrl === undefined ? {} : { baseUrl }) });
}

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const lines = (ad: Ad) => ad.log.map((e) => `${e.action}:${e.state}`);

/** JSON with object keys sorted, so two values compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

/** What a cell sent is what the ad reads now: the merge of the ad before and the body (image_urls as image_refs). */
function mismatch(before: Ad, body: JsonObject, after: Ad): string | undefined {
  const expected = merged(before, body);
  for (const key of Object.keys(body)) {
    const got = key === 'image_urls' ? after.image_refs.map((r) => r.url) : after[key];
    if (canonical(got) !== canonical(expected[key])) return `${key}: expected ${JSON.stringify(expected[key])}, read ${JSON.stringify(got)}`;
  }
  if (after.log.some((e) => e.state === 'error')) return `the log has an error: ${lines(after).join(' ')}`;
  const last = after.log[after.log.length - 1];
  if (last?.state !== 'done') return `the update's work is not done: ${lines(after).slice(-3).join(' ')}`;
  return undefined;
}

async function outcome<T>(promise: Promise<T>): Promise<{ ok: T } | { error: unknown }> {
  return promise.then((ok) => ({ ok }), (error: unknown) => ({ error }));
}

const describeError = (error: unknown) => (error instanceof ProImportValidationError ? `${error.status} ${JSON.stringify(error.body)}` : String(error));

async function lifeCycle(mode: () => { fake: ProImportFake; baseUrl?: string }, facts: TypeFacts): Promise<string[]> {
  const failures: string[] = [];
  const client = clientOf(mode) as unknown as Record<string, Namespace>;
  const ns = client[namespaceOf(facts.type)] as Namespace;
  const id = `matrix-${facts.type}`;
  const get = async () => (await ns.get(id)) as Ad;
  const created = await outcome(ns.create({ ...createExample(facts.type), source_id: id }));
  if ('error' in created) return [`create from the spec's example: ${describeError(created.error)}`];
  let ad = await get();
  if (ad.blocket_ad_id === null || lines(ad).at(-1) !== 'publish:done') failures.push(`create: not published (${lines(ad).join(' ')})`);
  if (ad.category_id !== facts.categoryId) failures.push(`create: category ${String(ad.category_id)}, not ${facts.categoryId}`);

  for (const method of ['patch', 'update'] as const) {
    for (const cell of updateCells(facts.type, ad)) {
      const sent = await outcome(ns[method](id, cell.body));
      if ('error' in sent) {
        failures.push(`${method.toUpperCase()} ${cell.name}: ${describeError(sent.error)}`);
        continue;
      }
      const after = await get();
      const wrong = mismatch(ad, cell.body, after);
      if (wrong !== undefined) failures.push(`${method.toUpperCase()} ${cell.name}: ${wrong}`);
      ad = after;
    }
  }
  // Whatever the visible cells left: the ad ends visible, then off and on again, with a bump on the hidden ad refused
  // ("The ad must be visible (visible=true)").
  await ns.patch(id, { visible: true });
  for (const visible of [false, true]) {
    await ns.patch(id, { visible });
    const after = await get();
    if (after.visible !== visible || lines(after).at(-1) !== (visible ? 'publish:done' : 'unpublish:done')) failures.push(`visible ${String(visible)}: ${lines(after).slice(-4).join(' ')}`);
    if (visible) continue;
    const bump = await outcome(ns.bump(id));
    if (!('error' in bump) || !(bump.error instanceof ProImportValidationError) || JSON.stringify(bump.error.body) !== '["Ad is not visible, cannot bump"]') failures.push(`bump of a hidden ad: ${'error' in bump ? describeError(bump.error) : 'accepted'}`);
  }
  for (const query of [undefined, { exclude_bytbil: true }, { exclude_blocket: true }, { exclude_bytbil: true, exclude_blocket: true }]) {
    const bumped = await outcome(ns.bump(id, query));
    const after = await get();
    if ('error' in bumped || lines(after).at(-1) !== 'bump:done') failures.push(`bump ${JSON.stringify(query ?? {})}: ${'error' in bumped ? describeError(bumped.error) : lines(after).slice(-2).join(' ')}`);
  }
  const retried = await outcome(ns.retry(id));
  if ('error' in retried || lines(await get()).at(-1) !== 'publish:done') failures.push(`retry: ${'error' in retried ? describeError(retried.error) : 'not re-processed'}`);
  const deleted = await outcome(ns.deleteAndWait(id, { intervalMs: 1 }) as Promise<{ ad: Ad }>);
  if ('error' in deleted || deleted.ok.ad.state !== 'deleted') failures.push(`delete: ${'error' in deleted ? describeError(deleted.error) : String(deleted.ok.ad.state)}`);
  const after = await outcome(ns.patch(id, { body: 'after delete' }));
  if (facts.registered) {
    // "Ad has been deleted, cannot update": a deleted registered vehicle is never revived.
    const ok = 'error' in after && after.error instanceof ProImportValidationError && JSON.stringify(after.error.body) === '["Ad has been deleted, cannot update"]';
    if (!ok) failures.push(`PATCH after delete (registered): ${'error' in after ? describeError(after.error) : 'accepted'}`);
  } else if ('error' in after || (await get()).state !== 'created') {
    // "You can use the PATCH method to revive a deleted ad in unregistered vehicle categories".
    failures.push(`PATCH after delete (non-registered revives): ${'error' in after ? describeError(after.error) : String((await get()).state)}`);
  }
  return failures;
}

describe.each(MODES)('life cycle of every vehicle type against the %s', (_name, mode) => {
  it.each(TYPES.map((facts) => [facts.type, facts] as const))('%s', async (_type, facts) => {
    expect(await lifeCycle(mode, facts)).toEqual([]);
  });

  it('V3: every category of the snapshot is created; an update (PATCH, PUT) per category class; migration or conversion to V4', async () => {
    const failures: string[] = [];
    const client = clientOf(mode) as unknown as Record<string, Namespace>;
    const v3 = client.v3 as Namespace;
    const classes = new Map<string, number>();
    for (const { id, needs } of v3Categories()) {
      const created = await outcome(v3.create(v3Body(id, needs, `v3-${id}`)));
      if ('error' in created) failures.push(`create ${id}: ${describeError(created.error)}`);
      if (!classes.has(needs.join())) classes.set(needs.join(), id);
    }
    for (const [needs, id] of classes) {
      const sourceId = `v3-${id}`;
      // A partial nested object where the class has a contact; the body alone where it has none (registered vehicles).
      const withContact = needs.includes('contact');
      const patched = await outcome(v3.patch(sourceId, withContact ? { contact: { phone: '0709876543' } } : { body: 'V3 PATCH' }));
      const ad = (await v3.get(sourceId)) as Ad;
      const stored = withContact ? isObject(ad.contact) && ad.contact.phone === '0709876543' && typeof ad.contact.email === 'string' : ad.body === 'V3 PATCH';
      if ('error' in patched || !stored) failures.push(`V3 PATCH (${needs || 'no rule'} class, ${id}): ${'error' in patched ? describeError(patched.error) : JSON.stringify(ad)}`);
      const { source_id: _drop, ...whole } = v3Body(id, needs.split(',').filter(Boolean), sourceId);
      const put = await outcome(v3.update(sourceId, whole));
      if ('error' in put) failures.push(`V3 PUT (${needs || 'no rule'} class, ${id}): ${describeError(put.error)}`);
    }
    for (const facts of TYPES) {
      const ns = client[namespaceOf(facts.type)] as Namespace;
      for (const legacy of facts.legacyCategoryIds) {
        const sourceId = `v3-to-${facts.type}-${legacy}`;
        const needs = v3Categories().find((c) => c.id === legacy)?.needs ?? [];
        const created = await outcome(v3.create(v3Body(legacy, needs, sourceId)));
        if ('error' in created) {
          failures.push(`V3 create ${legacy} for ${facts.type}: ${describeError(created.error)}`);
          continue;
        }
        // Incompatible categories migrate ("POST /v4/{vehicle_type}/{source_id}/migrate"), the others convert on update.
        const moved = await outcome(facts.migrationRequired ? ns.migrate(sourceId, migrateExample(facts.type)) : ns.patch(sourceId, { body: 'converted to V4' }));
        const ad = (await ns.get(sourceId)) as Ad;
        if ('error' in moved || ad.api_version !== 'v4' || ad.category_id !== facts.categoryId) {
          failures.push(`${facts.migrationRequired ? 'migrate' : 'convert'} V3 ${legacy} to ${facts.type}: ${'error' in moved ? describeError(moved.error) : `${String(ad.api_version)} ${String(ad.category_id)}`}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('the matrix is built from the snapshot', () => {
  it('every type has cells for each top-level field and each nested member, with values of their own schema', () => {
    for (const facts of TYPES) {
      const cells = updateCells(facts.type, createExample(facts.type));
      const fields = Object.keys(updateProperties(facts.type)).filter((f) => !(facts.registered && (f === 'title' || f === 'contact')));
      for (const field of fields) expect(cells.some((c) => Object.keys(c.body).includes(field)), `${facts.type} ${field}`).toBe(true);
      if (!facts.registered) expect(cells.map((c) => c.name)).toEqual(expect.arrayContaining(['contact.phone', 'contact.email', 'contact.name']));
    }
    expect(changed(resolve({ type: 'string', pattern: '^\\+?[0-9]+$' }), '+46701234567', { type: 'boat', path: 'contact.phone', salt: 1 })).toBe('+46701234569');
  });
});
