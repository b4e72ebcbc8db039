import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBlock, tsBlocks } from '@x/doc-tests';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as runtime from '../src/index.js';
import * as msw from '../src/msw.js';
import type { FakeRequest, FakeResponse, RouteDef } from '../src/index.js';

// The README's blocks run as written. They are fragments of a fake's code: the names they take from around them
// (a request's method and path, a clock, the fake being persisted) come from the test.
const README = new URL('../README.md', import.meta.url);
const ROUTES: RouteDef[] = [{ method: 'get', path: '/v1/things/{id}', operationId: 'getThing', namespace: 'things', methodName: 'get', resource: null }];
const request = (method: string, url: string): FakeRequest => ({ method, url, header: () => null, body: null });
const bodyOf = (response: FakeResponse): unknown => JSON.parse(String(response.body));

afterEach(() => vi.restoreAllMocks());

describe('README examples run as written', async () => {
  const blocks = await tsBlocks(README);
  const printed: string[] = [];
  const quiet = () => vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => void printed.push(values.map(String).join(' ')));

  it('has the router, guard, clock, faults, tokens and durable-state examples', () => {
    expect(blocks).toHaveLength(6);
  });

  it('router and server: the handler routes, answers 404 and 405, serves over HTTP and as msw handlers', async () => {
    quiet();
    const modules = { '@x/fake-runtime': runtime, '@x/fake-runtime/msw': msw, './generated/routes.gen.js': { ROUTES } };
    const { declared } = await runBlock(blocks[0] ?? '', { modules });
    const handle = declared['handle'] as (r: FakeRequest) => Promise<FakeResponse>;
    expect(bodyOf(await handle(request('GET', 'https://x/api/v1/things/7')))).toEqual({ operation: 'getThing', params: { id: '7' } });
    expect((await handle(request('GET', 'https://x/api/v1/other'))).status).toBe(404);
    const notAllowed = await handle(request('DELETE', 'https://x/api/v1/things/7'));
    expect([notAllowed.status, notAllowed.headers['allow']]).toEqual([405, 'GET']);
    expect(printed.at(-1)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(declared['handlers']).toHaveLength(1);
  });

  it('the guard refuses a rebound Host and a text/plain admin write, and lets a local JSON one through', async () => {
    const run = async (headers: Record<string, string>) =>
      (await runBlock(blocks[1] ?? '', { modules: { '@x/fake-runtime': runtime }, context: { headers } })).returned as FakeResponse | undefined;
    expect((await run({ host: 'attacker.example:4010', 'content-type': 'application/json' }))?.status).toBe(403);
    expect((await run({ host: 'fake.test:4010', 'content-type': 'text/plain' }))?.status).toBe(415);
    expect(await run({ host: 'fake.test:4010', 'content-type': 'application/json' })).toBeUndefined();
  });

  it('the manual clock runs the scheduled task once its time comes', async () => {
    quiet();
    printed.length = 0;
    await runBlock(blocks[2] ?? '', { modules: { '@x/fake-runtime': runtime } });
    expect(printed).toEqual(['one second later']);
  });

  it('faults: the scheduled 503 comes first, with Retry-After, and the handler returns it', async () => {
    const { returned, declared } = await runBlock(blocks[3] ?? '', { modules: { '@x/fake-runtime': runtime }, context: { method: 'POST', path: '/v1/listings' } });
    expect(returned).toMatchObject({ status: 503, headers: expect.objectContaining({ 'retry-after': expect.any(String) }) });
    expect((declared['faults'] as runtime.HttpFaults)).toBeInstanceOf(runtime.HttpFaults);
  });

  it('tokens: a fresh token verifies; an expired one is TokenError "expired"', async () => {
    quiet();
    printed.length = 0;
    await runBlock(blocks[4] ?? '', { modules: { '@x/fake-runtime': runtime }, context: { clock: new runtime.ManualClock(Date.now()) } });
    expect(printed).toEqual([]);
    await runBlock(blocks[4] ?? '', { modules: { '@x/fake-runtime': runtime }, context: { clock: new runtime.ManualClock(Date.now() + 7_200_000) } });
    expect(printed).toEqual(['expired Signature has expired.']);
  });

  it('durable state: on the stop signal the server drains and the final state is in the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fake-runtime-readme-'));
    try {
      const stateFile = join(dir, 'state.json');
      const fake = { state: { ads: 2 }, stopped: false, snapshot() { return this.state; }, stop() { this.stopped = true; } };
      // untilSignal as if SIGTERM came at once: the block's stop sequence runs and its exit code is returned.
      const modules = { '@x/fake-runtime': { ...runtime, untilSignal: (stop: (reason: string) => Promise<number>) => stop('SIGTERM') } };
      const handle = async () => runtime.json(200, {});
      const { returned } = await runBlock(blocks[5] ?? '', { modules, context: { stateFile, createMyFake: () => fake, handle } });
      expect(returned).toBe(0);
      expect(fake.stopped).toBe(true);
      expect(JSON.parse(await readFile(stateFile, 'utf8'))).toEqual({ ads: 2 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
