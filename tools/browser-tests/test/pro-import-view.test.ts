/**
 * The Pro Import fake's web view in Chromium: ads created through the API appear as cards (every vehicle type, with
 * the title and price the API answers), an ad's page shows its images and its log as a timeline, a card changes live
 * while a PATCH is processed, the admin controls work through the fake's own admin API, and every page passes axe.
 */
import { buildAd, createFake, VEHICLE_TYPES, type ProImportFake } from '@x/pro-import-testkit';
import { startFakeServer, type RunningFakeServer } from '@x/pro-import-testkit/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, screenshot, useBrowser } from './browser.js';

const browser = useBrowser();
let running: RunningFakeServer;
let fake: ProImportFake;
let token: string;

beforeAll(async () => {
  fake = createFake({ clock: 'manual', startTime: '2025-03-01T09:00:00Z', latencyMs: 1000, seed: 3 });
  running = await startFakeServer({ fake });
  token = fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
});

afterAll(async () => {
  await running?.close();
});

async function api(method: string, path: string, body?: unknown, dealerToken = token): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${running.baseUrl}${path}`, {
    method,
    headers: { 'x-auth-token': dealerToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

async function open(path: string): Promise<Page> {
  const page = await browser().context.newPage();
  await page.goto(`${running.origin}${path}`);
  return page;
}

/** Text as a reader sees it: runs of any white space (the non-breaking ones in `429 900 kr` too) as one space. */
const text = (value: string | null) => (value ?? '').replace(/\s+/g, ' ').trim();
const kronor = (amount: number) => text(new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK', maximumFractionDigits: 0 }).format(amount));

async function expectNoAxeViolations(page: Page) {
  const violations = await axeViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

describe('Pro Import web view', () => {
  it('shows one card per vehicle type with the title and price the API answers, published', async () => {
    const expected = new Map<string, { title: string; price: string }>();
    for (const [i, type] of VEHICLE_TYPES.entries()) {
      const amount = 100_000 + i * 1_000;
      const created = await api('POST', `/v4/${type}`, buildAd(type, { source_id: `every-${type}`, price: [{ type: 'list', amount, currency: 'SEK' }] }));
      expect(created.status, `${type}: ${JSON.stringify(created.body)}`).toBe(201);
    }
    fake.clock.runAll();
    for (const [i, type] of VEHICLE_TYPES.entries()) {
      const ad = await api('GET', `/v4/ad/every-${type}`);
      expect(ad.body.blocket_ad_id, type).not.toBeNull();
      expected.set(type, { title: String(ad.body.title), price: kronor(100_000 + i * 1_000) });
    }
    const page = await open('/?dealer=D1');
    for (const [type, want] of expected) {
      const card = page.locator(`li.card[data-source-id="every-${type}"]`);
      expect(want.title, `${type} has a title`).not.toBe('');
      expect(text(await card.locator('h2').textContent()), type).toBe(want.title);
      expect(text(await card.locator('.price').textContent()), type).toBe(want.price);
      expect(text(await card.locator('.badge').first().textContent()), type).toBe('published');
      expect(text(await card.locator('.meta').first().textContent()), type).toContain(type);
      // The first image is shown (the test's stand-in CDN answers every image URL).
      const img = card.locator('.thumb img');
      await img.scrollIntoViewIfNeeded();
      await img.evaluate((el: HTMLImageElement) => (el.complete ? undefined : new Promise((resolve) => el.addEventListener('load', resolve, { once: true }))));
      expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth > 0), type).toBe(true);
    }
    // A registered vehicle's title is the one the API generates from its catalogue values.
    expect(expected.get('car')?.title).toBe('Volvo XC60 T6 AWD Recharge Inscription 2021');
    await screenshot(page, 'pro-import-ads');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('filters the cards by vehicle type, state and text', async () => {
    const page = await open('/?type=boat');
    expect(await page.locator('li.card').count()).toBe(1);
    await page.selectOption('#f-type', '');
    await page.fill('#f-q', 'every-truck');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/q=every-truck/);
    expect(await page.locator('li.card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-source-id')))).toEqual(['every-truck']);
    await page.goto(`${running.origin}/?state=failed`);
    expect(await page.locator('li.card').count()).toBe(0);
    await page.close();
  });

  it("shows an ad's page: every field, each image's download result, and the log as a timeline", async () => {
    const body = buildAd('boat', {
      source_id: 'boat-with-a-broken-image',
      image_urls: ['https://cdn.example.com/boat/1.jpg', 'https://images.broken.invalid/2.jpg'],
    });
    expect((await api('POST', '/v4/boat', body)).status).toBe(201);
    fake.clock.runAll();
    const ad = await api('GET', '/v4/ad/boat-with-a-broken-image');
    const log = ad.body.log as Array<{ request_id: string; action: string; state: string; external_message: string }>;
    const page = await open('/ads/D1/boat-with-a-broken-image');
    expect(text(await page.locator('h1').textContent())).toBe(String(ad.body.title));
    const figures = page.locator('.gallery figure');
    expect(await figures.count()).toBe(2);
    expect(text(await figures.nth(0).locator('.badge').textContent())).toBe('loaded');
    expect(text(await figures.nth(1).locator('.badge').textContent())).toBe('failed');
    expect(text(await figures.nth(1).locator('figcaption').textContent())).toContain('could not be downloaded (host images.broken.invalid not found)');
    // The timeline: one request, create -> handle_media -> publish, with the request id, messages and times.
    const requestId = log[0]?.request_id ?? '';
    const request = page.locator('.timeline > li').first();
    expect(text(await request.textContent())).toContain(requestId);
    const steps = await request.locator('.steps li').evaluateAll((items) =>
      items.map((li) => [li.querySelector('.action')?.textContent, li.querySelector('.badge')?.textContent]),
    );
    expect(steps).toEqual([
      ['create', 'done'],
      ['handle_media', 'error'],
      ['publish', 'done'],
    ]);
    expect(text(await request.textContent())).toContain('Ad published');
    expect(text(await request.textContent())).toContain('2025-03-01 09:00');
    // Every field the API answers is on the page.
    for (const name of ['id', 'source_id', 'dealer_code', 'category_id', 'state', 'visible', 'url', 'location', 'contact', 'blocket_ad_id', 'api_version', 'created', 'updated'])
      expect(await page.locator('dl.fields dt', { hasText: new RegExp(`^${name}$`) }).count(), name).toBe(1);
    expect(text(await page.locator('table').textContent())).toContain('powertrain.horsepower');
    await screenshot(page, 'pro-import-ad');
    await expectNoAxeViolations(page);
    await page.close();

    // On the list, the card says that one image failed while the ad is published.
    const list = await open('/?q=boat-with-a-broken-image');
    const card = list.locator('li.card');
    expect(text(await card.textContent())).toContain('1 of 2 images failed');
    expect(text(await card.locator('.badge').first().textContent())).toBe('published');
    await list.close();
  });

  it('changes a card live while a PATCH is processed (server-sent events, no reload)', async () => {
    const created = await api('POST', '/v4/car', buildAd('car', { source_id: 'live-car', price: [{ type: 'list', amount: 250_000, currency: 'SEK' }] }));
    expect(created.status).toBe(201);
    fake.clock.runAll();
    const page = await open('/?q=live-car');
    const card = page.locator('li.card[data-source-id="live-car"]');
    expect(await card.getAttribute('data-state')).toBe('published');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const patched = await api('PATCH', '/v4/car/live-car', {
      price: [
        { type: 'list', amount: 250_000, currency: 'SEK' },
        { type: 'reduced', amount: 229_000, currency: 'SEK' },
      ],
    });
    expect(patched.status).toBe(200);
    await page.waitForSelector('li.card[data-source-id="live-car"][data-state="processing"]');
    fake.clock.advance(1_000); // update: done; handle_media starts
    await page.waitForFunction(() => document.querySelector('#live-status')?.textContent?.startsWith('Updated'));
    fake.clock.runAll();
    await page.waitForSelector('li.card[data-source-id="live-car"][data-state="published"]');
    expect(text(await card.locator('.price').textContent())).toBe(`Was ${kronor(250_000)} Now ${kronor(229_000)}`);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await page.close();
  });

  it('schedules a fault, advances the clock and resets the fake from the admin controls', async () => {
    const page = await open('/');
    await page.selectOption('#fault-method', 'POST');
    await page.fill('#fault-path', '/v4/car');
    await page.selectOption('#fault-status', '503');
    await page.fill('#fault-count', '1');
    await page.getByRole('button', { name: 'Schedule fault' }).click();
    await page.waitForFunction(() => document.querySelector('#admin-status')?.textContent === 'Schedule fault: done.');
    await page.waitForFunction(() => document.querySelector('#admin-live')?.textContent?.includes('503 for the next 1 × POST /v4/car'));
    expect(fake.faults.describe().scheduled).toEqual([{ method: 'POST', path: '/v4/car', status: 503, count: 1 }]);
    expect((await api('POST', '/v4/car', buildAd('car', { source_id: 'faulted' }))).status).toBe(503);
    await page.waitForFunction(() => document.querySelector('#admin-live')?.textContent?.includes('No faults'));

    // The clock: a queued create moves one step per second of the manual clock.
    expect((await api('POST', '/v4/car', buildAd('car', { source_id: 'clocked' }))).status).toBe(201);
    const before = fake.clock.now();
    await page.fill('#clock-ms', '1000');
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#admin-status')?.textContent === 'Advance: done.');
    expect(fake.clock.now()).toBe(before + 1000);
    await screenshot(page, 'pro-import-admin');
    await expectNoAxeViolations(page);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset the fake' }).click();
    await page.waitForFunction(() => document.querySelector('#admin-status')?.textContent === 'Reset the fake: done.');
    expect(fake.listAds()).toEqual([]);
    await page.waitForFunction(() => document.querySelector('#summary')?.textContent?.startsWith('0 of 0 ads'));
    await page.close();
  });

  it('shows no admin controls where the admin API is not served, and never a token', async () => {
    const plain = await startFakeServer({ fake: createFake({ clock: 'manual' }), handler: { admin: false } });
    try {
      const page = await browser().context.newPage();
      await page.goto(`${plain.origin}/`);
      expect(await page.locator('aside.admin').count()).toBe(0);
      expect(await page.locator('form[data-admin-method]').count()).toBe(0);
      await page.close();
    } finally {
      await plain.close();
    }
    expect((await api('POST', '/v4/car', buildAd('car', { source_id: 'no-token-here' }))).status).toBe(201);
    for (const path of ['/', '/ads/D1/no-token-here']) {
      const html = await (await fetch(`${running.origin}${path}`)).text();
      expect(html).not.toContain(token);
      expect(html).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    }
  });
});
