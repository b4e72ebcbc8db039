import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runBlock, tsBlocks } from '@x/doc-tests';
import { startFakeServer, type RunningFakeServer } from '@x/pro-import-testkit/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JSON_EVENTS } from '../src/cli/output.js';
import * as sync from '../src/index.js';
import { OUTCOMES } from '../src/index.js';
import { feedAds, tempDir, writeNdjson } from './helpers.js';

// The README's library example run as written: in a folder with its `stock.ndjson`, the token from the environment
// and the production URL it talks to sent to the fake by a stubbed fetch.
const README = new URL('../README.md', import.meta.url);
const PRODUCTION = 'https://api.blocket.se/pro-import-api';
const realFetch = globalThis.fetch;

let running: RunningFakeServer;
let dir: string;
const cwd = process.cwd();

beforeEach(async () => {
  running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  dir = tempDir();
  process.chdir(dir);
  vi.stubEnv('PRO_IMPORT_TOKEN', running.fake.token({ scope: 'dealer_group', dealer_group: 'G1', dealer_codes: ['D1'] }));
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(PRODUCTION)) return realFetch(request);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    return realFetch(new Request(`${running.baseUrl}${request.url.slice(PRODUCTION.length)}`, { method: request.method, headers: request.headers, body, signal: request.signal }));
  });
});
afterEach(async () => {
  process.chdir(cwd);
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await running.close();
  await rm(dir, { recursive: true, force: true });
});

describe('README example', () => {
  it('syncs stock.ndjson to dealer D1, waits for the processing and keeps its journal', async () => {
    const [block, ...others] = await tsBlocks(README);
    expect(others).toEqual([]);
    writeNdjson(join(dir, 'stock.ndjson'), feedAds(3));
    const printed: unknown[][] = [];
    vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => void printed.push(values));
    const { declared } = await runBlock(block ?? '', { modules: { '@x/marketplace-sync': sync } });
    expect(printed).toEqual([[expect.objectContaining({ create: 3, update: 0, delete: 0 }), true]]);
    expect((declared['planned'] as { summary: unknown }).summary).toMatchObject({ create: 3 });
    expect(running.fake.snapshot().ads.map((ad) => ad.dealer_code)).toEqual(['D1', 'D1', 'D1']);
    expect(existsSync(join(dir, '.marketplace-sync', 'd1.journal'))).toBe(true);
  });
});

// The root README's "Stock sync" section and this package's README say the same: outcomes, exit codes, encodings,
// signals, the --json events and the lock, as the code has them.
describe('the READMEs match the command', () => {
  const root = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = root.slice(root.indexOf('## Stock sync (`pnpm sync`)'), root.indexOf('## Layout'));
  const own = readFileSync(README, 'utf8');

  it('every outcome and --json event is in both', () => {
    expect(section.length).toBeGreaterThan(0);
    for (const word of [...OUTCOMES, 'invalid']) for (const text of [section, own]) expect(text).toContain(`\`${word}\``);
    for (const event of JSON_EVENTS) {
      expect(section).toContain(`\`${event}\``);
      expect(own).toContain(`| \`${event}\` |`);
    }
  });

  it('exit codes, encodings, signals and the lock are told alike', () => {
    for (const text of [section, own]) {
      expect(text).toMatch(/`0` every ad converged/);
      expect(text).toMatch(/`1` some ads failed, are blocked, or were retried and not yet seen, or feed\s+records were skipped/);
      expect(text).toMatch(/`2` usage error, bad feed, damaged or locked journal,\s+refused plan, bad token, unreachable,\s+silent or wrong server,? or an interrupted run/);
      expect(text).toContain('--encoding latin1');
      expect(text).toMatch(/`?error: interrupted; run\s+the same command again to resume`?/);
      expect(text).toMatch(/130/);
      expect(text).toMatch(/(\*\*)?second(\*\*)? Ctrl-C stops at once/);
      expect(text).toMatch(/`kill -9` of `pnpm sync`/);
      expect(text).toMatch(/<journal>\.lock`? names the run that holds it \(pid, host, since when\)/);
      expect(text).toContain('.marketplace-sync/');
    }
  });
});
