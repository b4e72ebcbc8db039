/**
 * The Kleinanzeigen fake's web view in Chromium: a listing created, illustrated and published through the API
 * appears as a card with its cover image; its page shows the media and the publications, whose state follows the
 * validation live; a rejection forced from the admin controls shows as failed; every page passes axe.
 */
import { createKleinanzeigenFake, TEST_PNG, type KleinanzeigenFake } from '@x/kleinanzeigen-testkit';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '@x/kleinanzeigen-testkit/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, screenshot, swatch, useBrowser } from './browser.js';

const browser = useBrowser();
let running: RunningKleinanzeigenServer;
let fake: KleinanzeigenFake;
const SHOP = { clientId: 'shop', clientSecret: 'shop-secret-1234567890', userId: 'user-shop' };

beforeAll(async () => {
  fake = createKleinanzeigenFake({ clients: [SHOP], clock: 'manual', startTime: '2030-03-01T10:00:00Z', latencyMs: 1000, seed: 5 });
  running = await startKleinanzeigenServer({ fake });
});

afterAll(async () => {
  await running?.close();
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${running.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${fake.token()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

const text = (value: string | null) => (value ?? '').replace(/\s+/g, ' ').trim();

async function listing(title: string, amount: number, images: Uint8Array[]): Promise<string> {
  const created = await api('POST', '/v1/listings', {
    category: 'Familie_Kind_Baby/Spielzeug',
    title,
    description: `${title}: gut erhalten, Abholung in Berlin.`,
    attributes: { art: 'actionfiguren', condition: 'like_new', versand: 'ja' },
    adType: 'OFFER',
    price: { type: 'FIXED', amount },
    customReference: `ref-${amount}`,
  });
  expect(created.status).toBe(201);
  const uuid = String(created.body.uuid);
  for (const bytes of images) {
    const ticket = await api('POST', '/v1/media', { mediaType: 'image/png' });
    expect(ticket.status).toBe(201);
    const put = await fetch(String(ticket.body.signedPutUrl), { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(bytes) });
    expect(put.status).toBe(200);
    expect((await api('PUT', `/v1/listings/${uuid}/media`, { ticketUuid: ticket.body.ticketUuid })).status).toBe(204);
  }
  return uuid;
}

async function publish(uuid: string): Promise<string> {
  const imprint = await api('POST', '/v1/imprints', { content: 'Muster GmbH, Berlin' });
  const publication = await api('POST', `/v1/listings/${uuid}/publications`, { imprintUuid: imprint.body.uuid, location: { zipCode: '10115', city: 'Berlin' } });
  expect(publication.status).toBe(202);
  return String(publication.body.uuid);
}

async function open(path: string): Promise<Page> {
  const page = await browser().context.newPage();
  await page.goto(`${running.origin}${path}`);
  return page;
}

async function expectNoAxeViolations(page: Page) {
  const violations = await axeViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

describe('Kleinanzeigen web view', () => {
  it('shows listings as cards and a listing page with its media and publications, live through validation', async () => {
    const bike = await listing('Kinderfahrrad 20 Zoll', 85, [swatch('bike-1'), swatch('bike-2')]);
    const lego = await listing('Lego Technic 42115', 250, [TEST_PNG]);
    const publication = await publish(bike);
    await publish(lego);
    fake.clock.runAll();
    await listing('Puppenhaus aus Holz', 40, []);

    const list = await open('/');
    const bikeCard = list.locator(`li.card[data-uuid="${bike}"]`);
    expect(text(await bikeCard.locator('h2').textContent())).toBe('Kinderfahrrad 20 Zoll');
    expect(text(await bikeCard.locator('.price').textContent())).toBe('85 €');
    expect(text(await bikeCard.textContent())).toContain('10115 Berlin');
    expect(await bikeCard.getAttribute('data-state')).toBe('published');
    const cover = bikeCard.locator('.thumb img');
    await cover.evaluate((el: HTMLImageElement) => (el.complete ? undefined : new Promise((resolve) => el.addEventListener('load', resolve, { once: true }))));
    expect(await cover.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(160);
    expect(await list.locator('li.card[data-state="not published"]').count()).toBe(1);
    await screenshot(list, 'kleinanzeigen-listings');
    await expectNoAxeViolations(list);
    await list.close();

    const page = await open(`/listings/${bike}`);
    expect(text(await page.locator('h1').textContent())).toBe('Kinderfahrrad 20 Zoll');
    expect(await page.locator('.gallery figure img').count()).toBe(2);
    expect(text(await page.locator('.gallery figure').first().textContent())).toContain('cover stored');
    const row = page.locator(`tr[data-publication="${publication}"]`);
    expect(text(await row.locator('.badge').first().textContent())).toBe('PUBLISHED');
    const adId = (fake.getPublication(publication) ?? {}).adId;
    expect(text(await row.textContent())).toContain(String(adId));

    // A republish is validated again: the row shows PENDING live, then PUBLISHED, without a reload.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    expect((await api('PUT', `/v1/listings/${bike}/publications/${publication}?requestedState=PUBLISHED`, {})).status).toBeLessThan(300);
    await page.waitForSelector(`tr[data-publication="${publication}"] .badge:text-is("PENDING")`);
    fake.clock.runAll();
    await page.waitForSelector(`tr[data-publication="${publication}"] .badge:text-is("PUBLISHED")`);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await screenshot(page, 'kleinanzeigen-listing');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('forces a rejection from the admin controls and shows the listing failed, with the reason', async () => {
    const doll = await listing('Puppenwagen', 30, [swatch('doll')]);
    const page = await open(`/listings/${doll}`);
    await page.fill('#reject-listing', doll);
    await page.fill('#reject-reason', 'Verbotener Artikel (fake moderation)');
    await page.getByRole('button', { name: 'Reject next validation' }).click();
    await page.waitForFunction(() => document.querySelector('#admin-status')?.textContent === 'Reject next validation: done.');
    const publication = await publish(doll);
    await page.waitForSelector(`tr[data-publication="${publication}"] .badge:text-is("PENDING")`);
    await page.getByRole('button', { name: 'End validations now' }).click();
    await page.waitForSelector(`tr[data-publication="${publication}"] .badge:text-is("REJECTED")`);
    expect(text(await page.locator(`tr[data-publication="${publication}"]`).textContent())).toContain('Verbotener Artikel (fake moderation)');
    expect(text(await page.locator('#live .panel .badge').first().textContent())).toBe('failed');
    await screenshot(page, 'kleinanzeigen-admin');
    await page.close();
    const html = await (await fetch(`${running.origin}/listings/${doll}`)).text();
    expect(html).not.toContain(fake.token());
    expect(html).not.toContain(SHOP.clientSecret);
  });
});
