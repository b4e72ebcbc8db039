import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAd, createFake, type ProImportFake } from '../src/index.js';
import { startFakeServer, type RunningFakeServer } from '../src/server.js';
import { CARDS_PER_PAGE } from '../src/web/pages.js';

let running: RunningFakeServer;
let fake: ProImportFake;
let token: string;

beforeAll(async () => {
  fake = createFake({ clock: 'manual', startTime: '2025-03-01T09:00:00Z' });
  running = await startFakeServer({ fake });
  token = fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
});
afterAll(() => running.close());

const post = (type: string, body: unknown) =>
  fetch(`${running.baseUrl}/v4/${type}`, { method: 'POST', headers: { 'x-auth-token': token, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const page = async (path: string) => {
  const response = await fetch(`${running.origin}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};

describe('web view (HTTP, without a browser)', () => {
  it('serves the ads at / from the state the API serves, every text escaped', async () => {
    const title = '<script>alert("boat")</script> & co';
    expect((await post('boat', buildAd('boat', { source_id: 'xss-boat', title }))).status).toBe(201);
    const list = await page('/');
    expect(list.type).toBe('text/html; charset=utf-8');
    expect(list.text).toContain('&lt;script&gt;alert(&quot;boat&quot;)&lt;/script&gt; &amp; co');
    expect(list.text).not.toContain('<script>alert');
    expect(list.text).toContain('data-state="processing"');
    fake.clock.runAll();
    expect((await page('/')).text).toContain('data-state="published"');
    const ad = await page('/ads/D1/xss-boat');
    expect(ad.status).toBe(200);
    expect(ad.text).toContain('Ad published');
    expect((await page('/ads/D1/nothing-here')).status).toBe(404);
    // Paths that are not the view's stay the fake's own (JSON 404 outside the API).
    expect((await page('/elsewhere')).type).toBe('application/json');
  });

  it('pages the list, so a large state renders a light page', async () => {
    for (let i = 0; i < CARDS_PER_PAGE + 2; i++) expect((await post('car', buildAd('car', { source_id: `many-${i}` }))).status).toBe(201);
    const first = await page('/?q=many-');
    expect(first.text.match(/<li class="card"/g)).toHaveLength(CARDS_PER_PAGE);
    expect(first.text).toContain(`Page 1 of 2 · ${CARDS_PER_PAGE + 2} ads`);
    expect((await page('/?q=many-&page=2')).text.match(/<li class="card"/g)).toHaveLength(2);
  });

  it('advances a manual clock through POST /__fake/clock/advance (the view\'s clock control); refuses on the real clock', async () => {
    const before = fake.clock.now();
    const advanced = await fetch(`${running.baseUrl}/__fake/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ms": 60000}' });
    expect(advanced.status).toBe(200);
    expect(fake.clock.now()).toBe(before + 60_000);
    const real = await startFakeServer({ fakeOptions: { latencyMs: 0 } });
    try {
      const refused = await fetch(`${real.baseUrl}/__fake/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ms": 1}' });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { detail: string }).detail).toContain('use POST /__fake/flush');
      expect((await (await fetch(`${real.origin}/`)).text())).toContain('Run queued work now');
    } finally {
      await real.close();
    }
  });

  it('serves no view with view: false, and no admin controls without the admin API', async () => {
    const bare = await startFakeServer({ fake: createFake(), view: false, handler: { admin: false } });
    const noAdmin = await startFakeServer({ fake: createFake(), handler: { admin: false } });
    try {
      expect((await fetch(`${bare.origin}/`)).headers.get('content-type')).toBe('application/json');
      const html = await (await fetch(`${noAdmin.origin}/`)).text();
      expect(html).toContain('<h1>Ads</h1>');
      expect(html).not.toContain('data-admin-method');
      expect(html).not.toContain('__fake');
    } finally {
      await bare.close();
      await noAdmin.close();
    }
  });
});
