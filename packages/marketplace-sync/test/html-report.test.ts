import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHtmlReport, renderHtmlReport } from '../src/index.js';
import { feedAds, runCli, settled, startEnv, stopEnv, writeNdjson, type Env } from './helpers.js';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => stopEnv(env));

describe('--report report.html', () => {
  it('writes one self-contained HTML page with the same items as the JSON report, chosen by the extension', async () => {
    const ads = feedAds(4);
    expect((await runCli(env, ['--feed', writeNdjson(join(env.dir, 'first.ndjson'), ads)])).code).toBe(0);
    settled(env);
    const [first, second, , fourth] = ads;
    const changed = [
      { ...first, price: [{ type: 'list', amount: 99_000, currency: 'SEK' }] },
      { ...second, body: 'Sold soon </script><script>alert(1)</script>' },
      fourth,
      ...feedAds(1, 9),
    ];
    const feed = writeNdjson(join(env.dir, 'second.ndjson'), changed);
    const asJson = await runCli(env, ['--feed', feed, '--dry-run', '--delete-missing', '--force', '--report', 'review.json']);
    const asHtml = await runCli(env, ['--feed', feed, '--dry-run', '--delete-missing', '--force', '--report', 'review.html']);
    expect(asHtml.code).toBe(asJson.code);
    const json = JSON.parse(readFileSync(join(env.dir, 'review.json'), 'utf8')) as { items: Array<Record<string, unknown>> };
    const html = readFileSync(join(env.dir, 'review.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // Self-contained: nothing is loaded from anywhere (no src, no link, a policy that allows no request).
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html).not.toContain('<link');
    expect(html).toContain(`content="default-src 'none';`);
    // The feed's text cannot end the data element or run as script.
    expect(html).not.toContain('</script><script>alert(1)');
    const data = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect((JSON.parse(data) as { items: unknown[] }).items).toEqual(json.items);
    expect(json.items.map((item) => item.action).sort()).toEqual(['create', 'delete', 'unchanged', 'update', 'update']);
    expect(html).toContain('Dry run: nothing was sent.');
    expect(html).toContain('It would delete 1 ad:');
  });

  it('picks HTML by the extension only', () => {
    expect(['r.html', 'R.HTM', 'dir/report.Html'].map(isHtmlReport)).toEqual([true, true, true]);
    expect(['r.json', 'html', 'r.html.json', 'r'].map(isHtmlReport)).toEqual([false, false, false, false]);
    const page = renderHtmlReport({ marketplace: 'pro-import', summary: { create: 0, update: 0, delete: 0, retry: 0, unchanged: 0, kept: 0, blocked: 0, live: 0 }, refused: '<b>too many</b> deletions', items: [] });
    expect(page).toContain('The plan was refused, nothing was sent: &lt;b&gt;too many&lt;/b&gt; deletions');
  });
});
