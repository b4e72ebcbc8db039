import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProImportClient } from '../src/index.js';
import { carExample } from './fake-api.js';

// Without `intervalMs`, polls start at half the work time the client has seen in earlier waits (from the log's
// own times), instead of always 1000 ms. A stub server: each ad's work is done from its second log poll on, and
// its log says the work took `workMs` (with or without milliseconds in its times).
function stubServer(options: { workMs: number; wholeSeconds?: boolean }) {
  const t0 = Date.parse('2025-01-15T10:00:00.000Z');
  const iso = (ms: number) => (options.wholeSeconds === true ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : new Date(ms).toISOString());
  const polls = new Map<string, number>();
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const [, , , type, sourceId, tail] = url.pathname.split('/');
    if (request.method === 'POST') {
      const body = (await request.json()) as { source_id: string };
      return json({ ...body, id: body.source_id, blocket_ad_id: null, log: [] }, 201);
    }
    const id = sourceId ?? '';
    const entry = (action: string, state: string, at: number) => ({ request_id: `req-${id}`, created: iso(at), action, state, external_message: '' });
    const done = (polls.get(id) ?? 0) >= 2;
    if (tail === 'log') {
      polls.set(id, (polls.get(id) ?? 0) + 1);
      const entries = [entry('create', 'processing', t0)];
      if (done) entries.push(entry('create', 'done', t0), entry('handle_media', 'processing', t0), entry('handle_media', 'done', t0), entry('publish', 'processing', t0), entry('publish', 'done', t0 + options.workMs));
      return json({ count: entries.length, next: null, previous: null, results: entries });
    }
    return json({ source_id: id, category_id: type === 'car' ? 1020 : 0, blocket_ad_id: done ? 'b-1' : null });
  };
  return fetch;
}

/** The delays the wait slept (the clients' request timeout, 12,345 ms, left out). */
const delaysOf = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map((call) => call[1]).filter((ms): ms is number => typeof ms === 'number' && ms > 0 && ms !== 12_345);

afterEach(() => vi.restoreAllMocks());

describe('createAndWait polls at the pace of the server', () => {
  it('starts at half the work time seen before (log times with milliseconds)', async () => {
    const client = createProImportClient({ token: 't', baseUrl: 'https://api.test/pro-import-api', fetch: stubServer({ workMs: 120 }), retry: false, timeoutMs: 12_345 });
    const spy = vi.spyOn(globalThis, 'setTimeout');
    await client.car.createAndWait({ ...carExample(), source_id: 'first' }, { intervalMs: 7 });
    expect(delaysOf(spy)).toContain(7);
    spy.mockClear();
    await client.car.createAndWait({ ...carExample(), source_id: 'second' });
    expect(delaysOf(spy)[0]).toBe(60);
  });

  it('takes log times in whole seconds for at least a second of work, and keeps 1000 ms before it has seen any', async () => {
    const client = createProImportClient({ token: 't', baseUrl: 'https://api.test/pro-import-api', fetch: stubServer({ workMs: 0, wholeSeconds: true }), retry: false, timeoutMs: 12_345 });
    const spy = vi.spyOn(globalThis, 'setTimeout');
    await client.car.createAndWait({ ...carExample(), source_id: 'first' }, { intervalMs: 3 });
    spy.mockClear();
    await client.car.createAndWait({ ...carExample(), source_id: 'second' });
    expect(delaysOf(spy)[0]).toBe(500);
    const fresh = createProImportClient({ token: 't', baseUrl: 'https://api.test/pro-import-api', fetch: stubServer({ workMs: 0 }), retry: false, timeoutMs: 12_345 });
    spy.mockClear();
    await fresh.car.createAndWait({ ...carExample(), source_id: 'third' });
    expect(delaysOf(spy)[0]).toBe(1000);
  });
});
