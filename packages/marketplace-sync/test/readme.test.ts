import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runBlock, tsBlocks } from '@x/doc-tests';
import { startFakeServer, type RunningFakeServer } from '@x/pro-import-testkit/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as sync from '../src/index.js';
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
