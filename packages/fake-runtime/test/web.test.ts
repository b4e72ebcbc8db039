import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  ChangeFeed,
  checkLocalRequest,
  escapeHtml,
  html,
  json,
  ManualClock,
  pageResponse,
  rawHtml,
  RealClock,
  startHttpServer,
  webViewHandler,
  type FakeRequest,
} from '../src/index.js';

const request = (url: string, method = 'GET', headers: Record<string, string> = {}): FakeRequest => ({
  method,
  url,
  header: (name) => headers[name] ?? null,
  body: null,
});

describe('html', () => {
  it('escapes every interpolated text and keeps Html as it is', () => {
    const title = '<img src=x onerror="alert(1)"> & \'quoted\'';
    expect(html`<h1 title="${title}">${title}</h1>`.text).toBe(
      '<h1 title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;quoted&#39;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;quoted&#39;</h1>',
    );
    expect(html`<ul>${['a<b', html`<li>kept</li>`, null, false, 3]}</ul>`.text).toBe('<ul>a&lt;b<li>kept</li>3</ul>');
    expect(html`${rawHtml('<br>')}`.text).toBe('<br>');
    expect(escapeHtml('"&')).toBe('&quot;&amp;');
  });
});

describe('clock.watch', () => {
  it('hears every task a manual or real clock runs, until it stops listening', async () => {
    const manual = new ManualClock(0);
    let heard = 0;
    const stop = manual.watch(() => (heard += 1));
    manual.schedule(10, () => undefined);
    manual.schedule(20, () => manual.schedule(5, () => undefined));
    manual.advance(100);
    expect(heard).toBe(3);
    stop();
    manual.schedule(1, () => undefined);
    manual.advance(1);
    expect(heard).toBe(3);

    const real = new RealClock();
    const ran = new Promise<void>((resolve) => real.watch(resolve));
    real.schedule(1, () => undefined);
    await ran;
  });
});

describe('ChangeFeed', () => {
  it('tells its listeners once per burst of changes, and follows the clock', async () => {
    const clock = new ManualClock(0);
    const feed = new ChangeFeed({ clock, coalesceMs: 5 });
    const heard: string[] = [];
    feed.subscribe((revision) => heard.push(revision));
    const before = feed.revision;
    for (let i = 0; i < 100; i++) feed.changed();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(heard).toEqual([feed.revision]);
    expect(feed.revision).not.toBe(before);
    clock.schedule(1, () => undefined);
    clock.advance(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(heard).toHaveLength(2);
    feed.close();
  });
});

describe('webViewHandler', () => {
  const feed = new ChangeFeed({ coalesceMs: 1 });
  const seen: string[] = [];
  const handle = webViewHandler({
    feed,
    pages: (req, url) => (url.pathname === '/' ? pageResponse(req, { title: 'Things', fake: 'Test fake', nav: [], live: html`<p>${String(seen.length)}</p>`, feed }) : undefined),
    next: async (req) => {
      seen.push(`${req.method} ${new URL(req.url).pathname}`);
      return json(200, {});
    },
  });

  it('serves pages, assets and the event stream; everything else goes to the fake, and writes mark a change', async () => {
    const page = await handle(request('http://127.0.0.1/'));
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(String(page.body)).toContain('<h1>Things</h1>');
    expect(String(page.body)).toContain(`data-revision="${feed.revision}"`);
    const fragment = await handle(request('http://127.0.0.1/', 'GET', { 'x-view-fragment': '1' }));
    expect(String(fragment.body)).toBe('<template data-part="live"><p>0</p></template>');
    expect(fragment.headers['x-view-revision']).toBe(feed.revision);
    expect((await handle(request('http://127.0.0.1/__view/view.js'))).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await handle(request('http://127.0.0.1/__view/view.css'))).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await handle(request('http://127.0.0.1/__view/view.js', 'POST'))).status).toBe(405);
    expect((await handle(request('http://127.0.0.1/__view/nothing'))).status).toBe(404);

    const revision = feed.revision;
    await handle(request('http://127.0.0.1/api/things'));
    expect(feed.revision).toBe(revision);
    await handle(request('http://127.0.0.1/api/things', 'POST'));
    expect(feed.revision).not.toBe(revision);
    expect(seen).toEqual(['GET /api/things', 'POST /api/things']);
  });

  it("the page's admin writes are same-origin JSON, which the guard takes; another site's are refused", () => {
    const admin = (headers: Record<string, string>) =>
      checkLocalRequest({ method: 'POST', path: '/__fake/reset', header: (name) => headers[name] ?? null });
    expect(admin({ host: '127.0.0.1:4010', origin: 'http://127.0.0.1:4010', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' })).toBeUndefined();
    expect(admin({ host: '127.0.0.1:4010', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' })?.status).toBe(403);
  });
});

describe('server-sent events over HTTP', () => {
  it('sends the revision, then each burst of changes, and ends the stream when the server drains', async () => {
    const feed = new ChangeFeed({ coalesceMs: 1 });
    const handle = webViewHandler({ feed, pages: () => undefined, next: async () => json(200, {}) });
    const running = await startHttpServer({ handle });
    const received: string[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${running.origin}/__view/events`, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          received.push(chunk);
          if (received.length === 1) void fetch(`${running.origin}/things`, { method: 'POST' });
          if (received.length === 2) void running.drain();
        });
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    await ended;
    expect(received[0]).toMatch(/^retry: 2000\nevent: revision\ndata: [0-9a-f]{8}\.0\n\n$/);
    expect(received[1]).toMatch(/^event: revision\ndata: [0-9a-f]{8}\.1\n\n$/);
    await running.close();
    feed.close();
  });
});
