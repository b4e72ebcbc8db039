/**
 * The sync's HTML report in Chromium: a dry run's report written by the command itself, opened from disk, shows the
 * summary, the plan (updates as `field: from → to`, deletes, blocked with the reason and what to do) and filters;
 * a report of 10,000 ads keeps one page of 100 rows in the DOM and filters in the browser. Figures are printed.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { renderHtmlReport, type SyncReport } from '@x/marketplace-sync';
import { main } from '@x/marketplace-sync/cli';
import { buildAd, createFake } from '@x/pro-import-testkit';
import { startFakeServer, type RunningFakeServer } from '@x/pro-import-testkit/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, screenshot, useBrowser } from './browser.js';

const browser = useBrowser();
let running: RunningFakeServer;
const dir = mkdtempSync(join(tmpdir(), 'sync-report-'));

beforeAll(async () => {
  running = await startFakeServer({ fake: createFake({ clock: 'manual', autoAdvance: true }) });
});

afterAll(async () => {
  await running?.close();
});

async function sync(feed: unknown[], args: string[]): Promise<number> {
  const file = join(dir, `feed-${performance.now()}.ndjson`);
  writeFileSync(file, feed.map((ad) => JSON.stringify(ad)).join('\n'));
  return main(['--feed', file, '--base-url', running.baseUrl, '--journal', join(dir, 'sync.journal'), ...args], {
    out: () => undefined,
    err: () => undefined,
    isTty: false,
    env: { PRO_IMPORT_TOKEN: running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' }) },
    cwd: dir,
  });
}

const text = (value: string | null) => (value ?? '').replace(/\s+/g, ' ').trim();

async function openFile(file: string): Promise<Page> {
  const page = await browser().context.newPage();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('#rows tr, #shown:has-text("No ad")');
  return page;
}

describe('HTML sync report', () => {
  it("opens the command's dry-run report: summary, plan with field: from → to, deletes, blocked with what to do", async () => {
    const ad = (type: string, id: string, extra: Record<string, unknown> = {}) => ({ vehicle_type: type, ...buildAd(type, { source_id: id, ...extra }) });
    const stock = [ad('car', 'car-1'), ad('car', 'car-2'), ad('boat', 'boat-1'), ad('truck', 'truck-1')];
    expect(await sync(stock, [])).toBe(0);
    const next = [
      ad('car', 'car-1', { price: [{ type: 'list', amount: 389_000, currency: 'SEK' }] }),
      stock[2],
      ad('truck', 'truck-1'),
      ad('boat', 'boat-2'),
      // A boat needs a title and contact: the plan blocks it and says what to do.
      { ...ad('boat', 'boat-without-title'), title: undefined },
    ];
    const report = join(dir, 'review.html');
    expect(await sync(next, ['--dry-run', '--delete-missing', '--max-delete', '1', '--report', report])).toBe(1);
    const page = await openFile(report);
    expect(text(await page.locator('h1').textContent())).toBe('Dry run report: pro-import');
    expect(text(await page.locator('.note').first().textContent())).toContain('It would delete 1 ad:');
    const row = (id: string) => page.locator(`#rows tr[data-source-id="${id}"]`);
    expect(text(await row('car-1').innerText())).toMatch(/update planned .*price: \[.*"amount":429900.*\] → \[.*"amount":389000.*\]/);
    expect(text(await row('car-2').locator('td').nth(3).textContent())).toBe('delete');
    expect(text(await row('boat-2').locator('td').nth(3).textContent())).toBe('create');
    expect(text(await row('boat-without-title').innerText())).toMatch(/blocked planned .*title/);
    // The plan's counts filter the table.
    await page.getByRole('button', { name: 'blocked' }).click();
    expect(await page.locator('#rows tr').count()).toBe(1);
    expect(await page.locator('#f-action').inputValue()).toBe('blocked');
    await page.selectOption('#f-action', '');
    await screenshot(page, 'sync-report');
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await page.close();
  });

  it('keeps a report of 10,000 ads to one page of rows, filtered and searched in the browser', async () => {
    const kinds = [
      { action: 'create', outcome: 'done' },
      { action: 'update', outcome: 'done' },
      { action: 'unchanged', outcome: 'unchanged' },
      { action: 'delete', outcome: 'done' },
      { action: 'update', outcome: 'failed' },
      { action: 'blocked', outcome: 'blocked' },
      { action: 'kept', outcome: 'kept' },
      { action: 'retry', outcome: 'retried' },
    ] as const;
    const types = ['car', 'boat', 'truck', 'motorcycle', 'caravan'];
    const items = Array.from({ length: 10_000 }, (_, i) => {
      const kind = kinds[i % kinds.length] ?? kinds[0];
      return {
        source_id: `stock-${String(i).padStart(5, '0')}`,
        vehicle_type: types[i % types.length],
        line: i + 1,
        action: kind.action,
        outcome: kind.outcome,
        ...(kind.action === 'update'
          ? { changes: [{ path: 'price', from: [{ type: 'list', amount: 200_000 + i, currency: 'SEK' }], to: [{ type: 'list', amount: 190_000 + i, currency: 'SEK' }] }, { path: 'category_fields.mileage', from: 1000 + i, to: 1200 + i }] }
          : {}),
        ...(kind.outcome === 'failed' ? { messages: ['publish: error: Could not publish the ad (injected).'], request_id: `req-${i}` } : {}),
        ...(kind.action === 'blocked' ? { messages: ['title: This field is required.; add a title to the feed record (boats need one)'] } : {}),
      };
    });
    const summary = { create: 1250, update: 2500, delete: 1250, retry: 1250, unchanged: 1250, kept: 1250, blocked: 1250, live: 9000 };
    const report: SyncReport = { marketplace: 'pro-import', server: 'http://127.0.0.1/pro-import-api', dry_run: false, converged: false, summary, timings_ms: { plan: 812, apply: 64_000 }, items };
    const started = performance.now();
    const page10k = renderHtmlReport(report);
    const renderMs = performance.now() - started;
    const file = join(dir, 'report-10000.html');
    writeFileSync(file, page10k);

    const page = await browser().context.newPage();
    const opened = performance.now();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('#rows tr');
    const readyMs = performance.now() - opened;
    expect(await page.locator('#rows tr').count()).toBe(100);
    expect(text(await page.locator('#shown').textContent())).toBe('Showing 1–100 of 10,000 matching ads (10,000 in the report).');
    expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(3_000);

    const searched = performance.now();
    await page.fill('#f-text', 'stock-09999');
    await page.waitForFunction(() => document.querySelector('#shown')?.textContent?.startsWith('Showing 1–1 of 1 '));
    const searchMs = performance.now() - searched;
    expect(text(await page.locator('#rows tr').textContent())).toContain('stock-09999');
    await page.fill('#f-text', '');
    await page.selectOption('#f-outcome', 'failed');
    await page.waitForFunction(() => document.querySelector('#shown')?.textContent?.includes('of 1,250 matching'));
    expect(text(await page.locator('#rows tr').first().textContent())).toContain('Could not publish the ad');
    await page.getByRole('button', { name: 'Next page' }).click();
    expect(text(await page.locator('#shown').textContent())).toBe('Showing 101–200 of 1,250 matching ads (10,000 in the report).');
    await page.selectOption('#f-outcome', '');
    await page.check('#f-attention');
    await page.waitForFunction(() => document.querySelector('#shown')?.textContent?.includes('of 3,750 matching'));
    await screenshot(page, 'sync-report-10000');
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await page.close();
    console.log(
      `10,000-ad HTML report: ${(statSync(file).size / 1024 / 1024).toFixed(2)} MiB, rendered in ${renderMs.toFixed(0)} ms, ` +
        `first rows shown ${readyMs.toFixed(0)} ms after navigation, a search answered in ${searchMs.toFixed(0)} ms (Chromium, this machine, under load)`,
    );
    expect(readFileSync(file, 'utf8')).not.toMatch(/\s(src|href)=/);
  });
});
