/**
 * One Chromium per test file: Debian's build (`apt-get install chromium`; `.ci/run` installs it) driven by
 * playwright-core, which downloads no browser. Without Chromium the tests fail with a message that says how to get
 * it: never a silent skip.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** Where Debian puts Chromium; `CHROMIUM_PATH` points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The flags this closed network needs: without the background-networking ones Chromium's own connections (updates,
 * sync, QUIC probes) are refused and slow everything down.
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The screenshots a run writes (`*.png`, not committed): `tools/browser-tests/test-output/`. */
export const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-output');

export type Browser = { context: BrowserContext; close(): Promise<void> };

/** A fresh Chromium with its own new profile directory. Every request leaving this machine is answered by `routes` or aborted. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the browser tests need Debian's package (apt-get install -y chromium; .ci/run installs it), or CHROMIUM_PATH pointing at a Chromium binary.`,
    );
  const profile = mkdtempSync(join(tmpdir(), 'browser-tests-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  // The ads' images live on CDNs this machine cannot reach: a small PNG stands in for each (the same URL, the same
  // colour); anything else off this machine is refused at once instead of waiting for a timeout.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, async (route) => {
    const url = route.request().url();
    if (/\.(jpe?g|png)$/i.test(new URL(url).pathname)) await route.fulfill({ status: 200, contentType: 'image/png', body: Buffer.from(swatch(url)) });
    else await route.abort('addressunreachable');
  });
  mkdirSync(OUTPUT, { recursive: true });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One browser for the test file: launched before its tests, closed after them. When it cannot start (no Chromium),
 * every test of the file fails with the reason: a missing browser is never a silent skip.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      browser = await launchBrowser();
    } catch (error) {
      failure = error;
    }
  });
  beforeEach(() => {
    if (failure !== undefined) throw failure;
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw new Error('the browser is not running');
    return browser;
  };
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One axe-core finding, as the test prints it. */
export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] };

/**
 * Runs axe-core in the page (WCAG 2.0/2.1 A and AA and axe's best practices). The script is evaluated through the
 * DevTools protocol, so the page's own Content-Security-Policy (no inline script) stays on.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/**
 * A full-page screenshot in `test-output/<name>.png`, and the top of the page (what a reader sees first) in
 * `test-output/top/<name>.png`: the READMEs show those.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(OUTPUT, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  mkdirSync(join(OUTPUT, 'top'), { recursive: true });
  await page.screenshot({ path: join(OUTPUT, 'top', `${name}.png`), clip: { x: 0, y: 0, width: 1280, height: 800 } });
  return path;
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 160×120 PNG in a colour of its own per `seed` (a gradient, so it reads as a photo placeholder). */
export function swatch(seed: string): Uint8Array {
  let hash = 0;
  for (const c of seed) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const [r, g, b] = [hash & 0xff, (hash >> 8) & 0xff, (hash >> 16) & 0xff].map((v) => 60 + (v % 140)) as [number, number, number];
  const width = 160;
  const height = 120;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const shade = (x + y) / (width + height);
      raw[row + 1 + x * 3] = Math.round(r * (0.6 + shade * 0.6)) & 0xff;
      raw[row + 2 + x * 3] = Math.round(g * (0.6 + shade * 0.6)) & 0xff;
      raw[row + 3 + x * 3] = Math.round(b * (0.6 + shade * 0.6)) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}
