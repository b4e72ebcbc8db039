import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createAdFactory, createFake, type FakeSnapshot } from '../src/index.js';
import { saveStateAtomically } from '../src/cli/fake.js';
import { apiFor } from './helpers.js';

const factory = createAdFactory({ seed: 81 });
const BIN = fileURLToPath(new URL('../bin/fake.mjs', import.meta.url));

describe('snapshot and load', () => {
  it('a snapshot taken mid-job resumes exactly where it stopped, as JSON', async () => {
    const fake = createFake({ startTime: '2025-05-01T00:00:00Z', seed: 4 });
    const body = factory.buildAd('car');
    const token = fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
    const { proImportHandlers } = await import('../src/msw.js');
    const { setupServer } = await import('msw/node');
    const server = setupServer(...proImportHandlers(fake));
    server.listen();
    try {
      const api = apiFor('https://api.blocket.se/pro-import-api', () => token);
      await api('POST', '/v4/car', { body });
      fake.clock.advance(2000);
      const saved = JSON.parse(JSON.stringify(fake.snapshot())) as FakeSnapshot;

      const copy = createFake({ snapshot: saved });
      expect(copy.getAd('D1', String(body.source_id))).toEqual(fake.getAd('D1', String(body.source_id)));
      fake.clock.runAll();
      copy.clock.runAll();
      expect(copy.getAd('D1', String(body.source_id))).toEqual(fake.getAd('D1', String(body.source_id)));
      expect(copy.pendingJobs()).toBe(0);
      // The PRNG continues too: the next ids are the same in both.
      expect(copy.seedV3Ad({ category_id: 1062 }).id).toBe(fake.seedV3Ad({ category_id: 1062 }).id);
    } finally {
      server.close();
    }
  });

  it('load refuses something that is not a snapshot, saying what it expected', () => {
    expect(() => createFake().load({ ads: 'nope' } as never)).toThrow('not a snapshot of this fake');
  });

  it('load refuses a damaged snapshot, naming the place, and keeps the state it had', async () => {
    const fake = createFake();
    fake.seedV3Ad({ category_id: 1062, source_id: 'keep' });
    const good = fake.snapshot();
    expect(() => fake.load({ version: 1, ads: [{ source_id: 5 }] } as never)).toThrow(
      'fake.load(snapshot): ads[0].id must be a string, got nothing',
    );
    const badLog = structuredClone(good);
    (badLog.ads[0]!.log[0] as { action: string }).action = 'explode';
    expect(() => fake.load(badLog)).toThrow(
      'fake.load(snapshot): ads[0].log[0].action must be one of "create", "update", "bump", "boost", "handle_media", "publish", "delete", "unpublish", got "explode"',
    );
    const badQueue = { ...structuredClone(good), queues: { x: [{ nope: true }] } };
    expect(() => fake.load(badQueue as never)).toThrow('fake.load(snapshot): queues.x[0].request_id must be a string, got nothing');
    const orphanQueue = { ...structuredClone(good), queues: { 'D1/gone': [{ request_id: 'r', actions: ['delete'], index: 0, started: false }] } };
    expect(() => fake.load(orphanQueue as never)).toThrow('fake.load(snapshot): queues["D1/gone"] belongs to no ad');
    expect(fake.listAds().map((ad) => ad.source_id)).toEqual(['keep']);
  });

  it('saves atomically: no temp file is left behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fake-state-'));
    try {
      await saveStateAtomically(join(dir, 'state.json'), createFake().snapshot());
      expect(await readdir(dir)).toEqual(['state.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('pnpm fake --state: saved on SIGTERM, loaded on start', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  function start(
    args: string[],
  ): Promise<{ child: ChildProcess; baseUrl: string; token: string; output: () => string }> {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    return new Promise((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /listening on (\S+)/.exec(output)?.[1];
        const token = /\(dealer_code D1\):\s+(\S+)/.exec(output)?.[1];
        // The group token is the last line printed: once it is there, the whole banner is.
        if (url && token && /\(dealer_group G1: D1,D2\):\s+\S+/.test(output)) resolve({ child, baseUrl: url, token, output: () => output });
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('exit', (code) => reject(new Error(`fake exited with ${code}: ${output}`)));
    });
  }

  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  it('replays a scenario across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fake-cli-'));
    const file = join(dir, 'state.json');
    try {
      const first = await start([
        '--port',
        '0',
        '--latency',
        '0',
        '--jwt-secret',
        'cli-secret',
        '--state',
        file,
        '--seed',
      ]);
      expect(first.output()).toContain('X-Auth-Token (dealer_group G1: D1,D2)');
      const api = apiFor(first.baseUrl, () => first.token);
      const body = factory.buildAd('boat');
      expect((await api('POST', '/v4/boat', { body })).status).toBe(201);
      first.child.removeAllListeners('exit');
      const done = exited(first.child);
      first.child.kill('SIGTERM');
      expect(await done).toBe(0);
      const saved = JSON.parse(await readFile(file, 'utf8')) as FakeSnapshot;
      expect(saved.ads.map((ad) => ad.source_id)).toContain(body.source_id);
      expect(saved.ads.map((ad) => ad.source_id)).toContain('v3-1062');

      const second = await start([
        '--port',
        '0',
        '--latency',
        '0',
        '--jwt-secret',
        'cli-secret',
        '--state',
        file,
      ]);
      const again = apiFor(second.baseUrl, () => second.token);
      expect((await again('GET', `/v4/boat/${body.source_id}`)).body.source_id).toBe(body.source_id);
      expect((await again('POST', '/v4/boat', { body })).status).toBe(400);
      second.child.removeAllListeners('exit');
      const secondDone = exited(second.child);
      second.child.kill('SIGINT');
      expect(await secondDone).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('rejects bad flags with the usage', async () => {
    const child = spawn(process.execPath, [BIN, '--latency', 'fast'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    expect(await exited(child)).toBe(2);
    expect(err).toContain('--latency must be a whole number >= 0, got "fast"');
    expect(err).toContain('Usage: pnpm fake');
  }, 30_000);
});

describe('worker failures', () => {
  it('a step that throws drops that ad\'s queue and reports it instead of crashing', () => {
    const fake = createFake({ startTime: 0 });
    fake.seedV3Ad({ category_id: 1062, source_id: 'broken' });
    const snapshot = fake.snapshot();
    snapshot.queues['D1/broken'] = [{ request_id: 'r', actions: ['delete'], index: 0, started: false }];
    const errors: string[] = [];
    const original = console.error;
    console.error = (message: string) => void errors.push(message);
    try {
      fake.load(snapshot);
      // load() refuses a damaged snapshot, so damage the live state instead: the worker must survive it.
      const internal = fake as unknown as { state: { ads: Map<string, { log: unknown }> } };
      const stored = internal.state.ads.get(JSON.stringify(['D1', 'broken']));
      if (stored === undefined) throw new Error('loaded ad missing');
      stored.log = 'not a list';
      expect(() => fake.clock.runAll()).not.toThrow();
    } finally {
      console.error = original;
    }
    expect(fake.pendingJobs()).toBe(0);
    expect(errors[0]).toContain('the worker failed on D1/broken and dropped its queued work');
  });
});
