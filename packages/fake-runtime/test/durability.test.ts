import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  InputError,
  json,
  keepState,
  loadStateFile,
  ManualClock,
  parseInput,
  persistState,
  RealClock,
  startHttpServer,
  untilSignal,
  type FakeRequest,
  type FakeResponse,
} from '../src/index.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-durability-'));
  dirs.push(dir);
  return dir;
}
const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8'));

describe('persistState', () => {
  async function setUp(delayMs = 200) {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    const clock = new ManualClock(0);
    const state = { n: 0 };
    const errors: string[] = [];
    const persisted = persistState({
      file,
      snapshot: () => ({ ...state }),
      delayMs,
      schedule: (ms, run) => clock.schedule(ms, run),
      onError: (error) => errors.push(error.message),
    });
    return { dir, file, clock, state, persisted, errors };
  }

  it('writes a change within delayMs, once for a burst of changes', async () => {
    const { file, clock, state, persisted } = await setUp();
    state.n = 1;
    persisted.changed();
    state.n = 2;
    persisted.changed();
    clock.advance(199);
    await persisted.flush();
    expect(persisted.writes).toBe(1); // flush() wrote it: nothing is pending any more
    state.n = 3;
    persisted.changed();
    persisted.changed();
    clock.advance(200);
    await persisted.flush();
    expect(await readJson(file)).toEqual({ n: 3 });
    expect(persisted.writes).toBe(2);
  });

  it('a change is on disk once delayMs passed, without anyone flushing', async () => {
    const { file, clock, state, persisted } = await setUp();
    state.n = 7;
    persisted.changed();
    clock.advance(199);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(readFile(file, 'utf8')).rejects.toThrow('ENOENT');
    clock.advance(1);
    // The timer started the write; wait for the disk without starting another one.
    for (let i = 0; i < 200 && persisted.writes === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await readJson(file)).toEqual({ n: 7 });
  });

  it('skips a write whose text is already on disk', async () => {
    const { clock, persisted } = await setUp();
    persisted.changed();
    clock.advance(200);
    await persisted.flush();
    persisted.changed();
    clock.advance(200);
    await persisted.flush();
    expect(persisted.writes).toBe(1);
  });

  it('writes in order: a write in progress is never renamed over a newer state', async () => {
    const { file, clock, state, persisted } = await setUp();
    state.n = 1;
    persisted.changed();
    clock.advance(200); // starts writing {n: 1}
    state.n = 2;
    const final = persisted.close(); // must wait for that write, then write {n: 2}
    persisted.changed(); // after close: ignored
    await final;
    expect(await readJson(file)).toEqual({ n: 2 });
    state.n = 3;
    persisted.changed();
    clock.runAll();
    await persisted.flush();
    expect(await readJson(file)).toEqual({ n: 2 });
  });

  it('reports a failed write and retries on the next change; close() rejects when its write fails', async () => {
    const { dir, clock, state, errors } = await setUp();
    const file = join(dir, 'later', 'state.json');
    const persisted = persistState({
      file,
      snapshot: () => ({ ...state }),
      schedule: (ms, run) => clock.schedule(ms, run),
      onError: (error) => errors.push(error.message),
    });
    state.n = 1;
    persisted.changed();
    clock.advance(200);
    await persisted.flush().catch(() => undefined);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('ENOENT');
    await mkdir(join(dir, 'later'));
    persisted.changed();
    clock.advance(200);
    await persisted.flush();
    expect(await readJson(file)).toEqual({ n: 1 });
    await rm(join(dir, 'later'), { recursive: true });
    state.n = 2;
    await expect(persisted.close()).rejects.toThrow('ENOENT');
  });
});

describe('keepState', () => {
  it('marks changes from answers and clock tasks, and on shutDown drains, stops the work, saves and closes', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    const lines: string[] = [];
    const kept = keepState({ file, log: (line) => lines.push(line), warn: (line) => lines.push(`warn ${line}`) });
    const state = { items: [] as string[] };
    kept.track(() => state);
    const running = await startHttpServer({
      handle: async (request) => {
        state.items.push(new URL(request.url).pathname);
        return json(201, {});
      },
      onResponse: kept.changed,
    });
    expect((await fetch(`${running.origin}/a`, { method: 'POST' })).status).toBe(201);
    let stopped = false;
    expect(await kept.shutDown('SIGTERM', { server: running, stopWork: () => (stopped = true) })).toBe(0);
    expect(stopped).toBe(true);
    expect(await readJson(file)).toEqual({ items: ['/a'] });
    expect(lines).toEqual([`SIGTERM: state saved to ${file}`]);
    await expect(fetch(`${running.origin}/b`, { method: 'POST' })).rejects.toThrow();
  });

  it('without a file: the same clean stop, nothing written', async () => {
    const kept = keepState({ log: () => undefined });
    kept.track(() => ({}));
    const running = await startHttpServer({ handle: async () => json(200, {}), onResponse: kept.changed });
    expect(await kept.shutDown('SIGINT', { server: running, stopWork: () => undefined })).toBe(0);
  });
});

describe('state files', () => {
  it('loading removes temporary files of writes that were killed midway, not those of live processes', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    await writeFile(file, '{"n": 1}\n');
    await writeFile(`${file}.tmp-999999999`, '{"half');
    await writeFile(`${file}.tmp-${process.pid}`, '{"busy');
    expect(await loadStateFile(file)).toEqual({ n: 1 });
    expect((await readdir(dir)).sort()).toEqual(['state.json', `state.json.tmp-${process.pid}`]);
  });
});

describe('RealClock onTask', () => {
  it('is called after each task, also one that throws', async () => {
    let calls = 0;
    const clock = new RealClock({ onTask: () => (calls += 1) });
    const ran = new Promise<void>((resolve) => clock.schedule(0, resolve));
    await ran;
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(1);
  });
});

describe('startHttpServer drain and onResponse', () => {
  it('stops accepting, answers what is in flight (connection: close) and refuses a request completed later with 503', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let slowStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (slowStarted = resolve));
    const seen: string[] = [];
    const running = await startHttpServer({
      handle: async (request: FakeRequest): Promise<FakeResponse> => {
        if (request.url.endsWith('/slow')) {
          slowStarted();
          await gate;
        }
        return json(201, { url: new URL(request.url).pathname });
      },
      onResponse: (request, response) => seen.push(`${request.method} ${request.path} ${response.status}`),
    });
    const serverSockets: Socket[] = [];
    running.server.on('connection', (socket: Socket) => serverSockets.push(socket));
    const open = (first: string) => {
      const socket = connect(running.port, '127.0.0.1');
      let raw = '';
      socket.on('data', (chunk) => (raw += chunk.toString()));
      const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(raw)));
      socket.write(first);
      return { socket, closed };
    };
    const slow = open('POST /slow HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 0\r\n\r\n');
    await started;
    // A second client has sent half a request when draining starts: its connection is busy, not idle.
    const late = open('POST /later HTTP/1.1\r\nhost: 127.0.0.1\r\n');
    while (serverSockets.length < 2 || serverSockets.some((socket) => socket.bytesRead === 0))
      await new Promise((resolve) => setImmediate(resolve));
    let drained = false;
    const draining = running.drain().then(() => (drained = true));
    await expect(fetch(`${running.origin}/new`)).rejects.toThrow(); // no longer listening
    late.socket.write('content-length: 0\r\n\r\n');
    expect(await late.closed).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n[\s\S]*connection: close[\s\S]*The server is shutting down; nothing was done/i);
    expect(drained).toBe(false); // the in-flight request is still being handled
    release();
    await draining;
    expect(await slow.closed).toMatch(/^HTTP\/1\.1 201 Created\r\n[\s\S]*connection: close[\s\S]*"\/slow"/i);
    await running.close();
    expect(seen).toEqual(['POST /later 503', 'POST /slow 201']);
  });

  it('drain() with nothing in flight resolves at once, and close() after it still closes', async () => {
    const running = await startHttpServer({ handle: async () => json(200, {}) });
    expect((await fetch(`${running.origin}/x`)).status).toBe(200);
    await running.drain();
    await running.close();
    await expect(fetch(`${running.origin}/x`)).rejects.toThrow();
  });
});

describe('untilSignal', () => {
  it('SIGHUP stops too', async () => {
    const done = untilSignal(async (reason) => (reason === 'SIGHUP' ? 0 : 9), { watchParent: false });
    process.emit('SIGHUP', 'SIGHUP');
    expect(await done).toBe(0);
    expect(process.listenerCount('SIGHUP')).toBe(0);
  });

  /**
   * Runs `body` (the lines of a server script; it prints `ready <pid>` when the parent may be killed) under a parent
   * process that is SIGKILLed as soon as that line appears, as pnpm ends a script: its shell dies, the signal is not
   * passed on. Answers everything the server printed.
   */
  async function orphanedServer(body: string[], options: { viaShell?: boolean } = {}): Promise<{ out: string; server: number }> {
    const dir = await tempDir();
    const script = join(dir, 'server.mts');
    const cli = pathToFileURL(join(PACKAGE, 'src', 'cli.ts')).href;
    await writeFile(script, [`import { untilSignal } from '${cli}';`, 'const alive = setInterval(() => undefined, 1_000);', ...body].join('\n'));
    // The parent starts the server with inherited stdio (so its output reaches this test after the parent is gone);
    // viaShell: through `sh -c "node ..."`, as pnpm runs a script, and the parent is then the package manager.
    const command = options.viaShell === true
      ? `require('node:child_process').spawn('/bin/sh', ['-c', ${JSON.stringify(`'${process.execPath}' --import tsx '${script}'`)}], { stdio: 'inherit', cwd: ${JSON.stringify(PACKAGE)} });`
      : `require('node:child_process').spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(script)}], { stdio: 'inherit', cwd: ${JSON.stringify(PACKAGE)} });`;
    const parent = spawn(process.execPath, ['-e', `${command} setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    parent.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    parent.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const closed = new Promise<void>((resolve) => parent.stdout.on('close', () => resolve()));
    let server: number | undefined;
    try {
      while (server === undefined) {
        if (parent.exitCode !== null) throw new Error(`the parent exited: ${out}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        server = Number(/^ready (\d+)$/m.exec(out)?.[1] ?? Number.NaN) || undefined;
      }
    } finally {
      parent.kill('SIGKILL'); // also when the server never got ready: nothing of this test keeps running
    }
    try {
      // The pipe closes once the last process holding it (the server) has exited.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      return { out, server };
    } finally {
      try {
        process.kill(server, 'SIGKILL'); // only if it failed to stop by itself
      } catch {
        // gone, as it should be
      }
    }
  }

  const STOP = ['async (reason) => {', '  console.log(`stopped: ${reason}`);', '  clearInterval(alive);', '  return 5;', '}'].join('\n');

  it('stops when the process that started it dies (as pnpm ends a script: its shell dies, the signal is not passed on)', async () => {
    const { out, server } = await orphanedServer([
      `const stopped = untilSignal(${STOP}, { pollMs: 20 });`,
      // Ready once untilSignal watches: the parent is killed as soon as this line is seen.
      'console.log(`ready ${process.pid}`);',
      'console.log(`exit ${await stopped}`);',
    ]);
    expect(out).toBe(`ready ${server}\nstopped: parent exited\nexit 5\n`);
  }, 30_000);

  it('stops when the package manager above its script shell dies (kill -9 of pnpm: the `sh -c` it ran lives on)', async () => {
    const { out, server } = await orphanedServer(
      [
        `const stopped = untilSignal(${STOP}, { pollMs: 20 });`,
        'console.log(`ready ${process.pid}`);',
        'console.log(`exit ${await stopped}`);',
      ],
      { viaShell: true },
    );
    expect(out).toBe(`ready ${server}\nstopped: parent exited\nexit 5\n`);
  }, 30_000);

  it('also stops when the parent died while the server was still starting, before untilSignal was called', async () => {
    const { out, server } = await orphanedServer([
      'console.log(`ready ${process.pid}`);',
      // Still starting when the parent is killed.
      'await new Promise((resolve) => setTimeout(resolve, 500));',
      `console.log(\`exit \${await untilSignal(${STOP}, { pollMs: 20 })}\`);`,
    ]);
    expect(out).toBe(`ready ${server}\nstopped: parent exited\nexit 5\n`);
  }, 30_000);
});

describe('parseInput', () => {
  const Schema = z
    .object({
      name: z.string().min(1),
      items: z.array(z.object({ id: z.int().min(1), kind: z.enum(['a', 'b']) }).strict()),
      weird: z.record(z.string(), z.number()).optional(),
    })
    .strict();

  it('answers the parsed value', () => {
    expect(parseInput(Schema, { name: 'x', items: [{ id: 1, kind: 'a' }] }, 'where')).toEqual({ name: 'x', items: [{ id: 1, kind: 'a' }] });
  });

  it('says where each problem is, in one line, at most three', () => {
    const message = (value: unknown) => {
      try {
        parseInput(Schema, value, 'PUT /__fake/state');
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(message({ name: '', items: [{ id: 0, kind: 'c', extra: 1 }] })).toBe(
      'PUT /__fake/state: name must not be empty, got ""; items[0].id must be >= 1, got 0; items[0].kind must be one of "a", "b", got "c"; and 1 more',
    );
    expect(message({ name: 'x', items: [], weird: { 'a b': 'no' } })).toBe('PUT /__fake/state: weird["a b"] must be a number, got "no"');
    expect(message('x'.repeat(200))).toBe(`PUT /__fake/state: must be an object, got "${'x'.repeat(56)}...`);
    expect(message({ name: 'x', items: [] })).toBe('accepted');
  });
});
