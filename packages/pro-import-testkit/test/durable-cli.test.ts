import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createAdFactory, createFake } from '../src/index.js';
import { apiFor } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/fake.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const factory = createAdFactory({ seed: 404 });

/**
 * Every process these tests start runs with a fresh temporary directory on its command line; whatever is still
 * running with one of them at the end (it should be nothing) is killed, so a failing test leaks no fake.
 */
const dirs: string[] = [];
function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
afterAll(async () => {
  for (const dir of dirs) {
    for (const pid of processesUsing(dir)) process.kill(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});
async function stateFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-durable-'));
  dirs.push(dir);
  return join(dir, 'state.json');
}

type Started = { child: ChildProcess; baseUrl: string; token: string; output: () => string; exit: Promise<number | null> };

function start(command: string, args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (\S+)/.exec(output)?.[1];
      const token = /\(dealer_code D1\):\s+(\S+)/.exec(output)?.[1];
      if (url !== undefined && token !== undefined && /\(dealer_group G1: D1,D2\):\s+\S+/.test(output))
        resolve({ child, baseUrl: url, token, output: () => output, exit });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exit.then((code) => reject(new Error(`the fake exited with ${code}: ${output}`)));
  });
}

const fakeArgs = (file: string) => ['--port', '0', '--latency', '0', '--jwt-secret', 'durable', '--state', file];
const startFake = (file: string) => start(process.execPath, [BIN, ...fakeArgs(file)]);

async function sourceIds(baseUrl: string, token: string): Promise<Set<string>> {
  const api = apiFor(baseUrl, () => token);
  const ids = new Set<string>();
  for (let offset = 0; ; offset += 1000) {
    const page = await api('GET', `/v4/ad?limit=1000&offset=${offset}&fields=source_id`);
    for (const ad of page.body.results as Array<{ source_id: string }>) ids.add(ad.source_id);
    if (page.body.next === null) return ids;
  }
}

/** Waits for something that must happen soon (not a timing assertion: the bound is far above what it needs). */
async function eventually(check: () => Promise<boolean> | boolean, what: string, limitMs = 15_000): Promise<void> {
  for (const until = Date.now() + limitMs; Date.now() < until; ) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

/** Whether nothing answers at the fake's address any more. */
async function stoppedAnswering(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/__fake/`);
    return false;
  } catch {
    return true;
  }
}

describe('pnpm fake --state is durable', () => {
  it('SIGTERM under load: every ad the fake acknowledged (201) is there after a restart', async () => {
    const file = await stateFile();
    const first = await startFake(file);
    const acknowledged: string[] = [];
    let signalled = false;
    const client = async () => {
      for (;;) {
        const body = factory.buildAd('car', { visible: false });
        try {
          const reply = await fetch(`${first.baseUrl}/v4/car`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'X-Auth-Token': first.token },
            body: JSON.stringify(body),
          });
          await reply.text();
          if (reply.status === 201) acknowledged.push(String(body.source_id));
          else if (signalled && reply.status === 503) return; // shutting down: nothing was done
        } catch {
          return; // the fake has gone
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await eventually(() => acknowledged.length >= 200, '200 acknowledged creates');
    signalled = true;
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    await Promise.all(clients);
    expect(first.output()).toContain(`SIGTERM: state saved to ${file}`);

    const second = await startFake(file);
    const known = await sourceIds(second.baseUrl, second.token);
    second.child.kill('SIGTERM');
    await second.exit;
    expect(acknowledged.filter((id) => !known.has(id))).toEqual([]);
  }, 60_000);

  it('SIGKILL: what was acknowledged is on disk within a second, so it survives a kill', async () => {
    const file = await stateFile();
    const first = await startFake(file);
    const api = apiFor(first.baseUrl, () => first.token);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const body = factory.buildAd('car', { visible: false });
      expect((await api('POST', '/v4/car', { body })).status).toBe(201);
      ids.push(String(body.source_id));
    }
    // Nobody stops the fake: the state file must catch up by itself.
    await eventually(async () => {
      const text = await readFile(file, 'utf8').catch(() => '');
      return ids.every((id) => text.includes(id));
    }, 'the acknowledged ads in the state file');
    first.child.kill('SIGKILL');
    await first.exit;
    const second = await startFake(file);
    const known = await sourceIds(second.baseUrl, second.token);
    second.child.kill('SIGTERM');
    await second.exit;
    expect(ids.filter((id) => !known.has(id))).toEqual([]);
  }, 60_000);

  it('through pnpm: SIGTERM to pnpm stops the fake too, and it saves (no orphan keeps serving)', async () => {
    const file = await stateFile();
    const started = await start('pnpm', ['--silent', 'fake', ...fakeArgs(file)]);
    const api = apiFor(started.baseUrl, () => started.token);
    const body = factory.buildAd('car', { visible: false });
    expect((await api('POST', '/v4/car', { body })).status).toBe(201);
    let ended = false;
    started.child.stdout?.on('close', () => (ended = true)); // closes once the fake itself has exited too
    started.child.kill('SIGTERM');
    await started.exit;
    await eventually(() => stoppedAnswering(started.baseUrl), 'the fake to stop answering');
    await eventually(() => ended, 'the fake to exit');
    expect(started.output()).toMatch(/(SIGTERM|parent exited): state saved to /);
    expect(await readFile(file, 'utf8')).toContain(String(body.source_id));
  }, 60_000);

  it('kill -9 of `pnpm fake` as the user types it: the fake stops (no orphan keeps acknowledging) and saves', async () => {
    const file = await stateFile();
    // Not --silent: exactly what the README tells a user to type.
    const started = await start('pnpm', ['fake', ...fakeArgs(file), '--quiet']);
    const api = apiFor(started.baseUrl, () => started.token);
    const body = factory.buildAd('truck', { visible: false });
    expect((await api('POST', '/v4/truck', { body })).status).toBe(201);
    let ended = false;
    started.child.stdout?.on('close', () => (ended = true)); // the fake holds the pipe until it has exited
    started.child.kill('SIGKILL');
    await started.exit;
    await eventually(() => stoppedAnswering(started.baseUrl), 'the fake to stop answering');
    await eventually(() => ended, 'the fake to exit');
    expect(started.output()).toContain(`parent exited: state saved to ${file}`);
    expect(await readFile(file, 'utf8')).toContain(String(body.source_id));
    expect(started.output()).not.toMatch(/^(GET|POST) /m); // --quiet: no request log
  }, 60_000);

  it('request log: one line per request (method, path, status, ms), never a token or the secret; the secret from the environment', async () => {
    const file = await stateFile();
    const secret = 'env-secret-never-printed-7c1e';
    const started = await start(process.execPath, [BIN, '--port', '0', '--latency', '0', '--state', file], { PRO_IMPORT_FAKE_JWT_SECRET: secret });
    // The printed token is signed with the secret from the environment.
    const [header, payload] = started.token.split('.') as [string, string];
    expect(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')).toBe(started.token.split('.')[2]);
    const api = apiFor(started.baseUrl, () => started.token);
    expect((await api('GET', `/v4/ad?limit=1&token=${started.token}`)).status).toBe(200);
    expect((await api('GET', '/v4/ad', { token: `${started.token}x` })).status).toBe(401);
    expect((await api('POST', '/__fake/tokens', { body: { scope: 'dealer_code', dealer_code: 'D2' }, token: null })).status).toBe(201);
    await eventually(() => started.output().includes('POST /pro-import-api/__fake/tokens 201'), 'the log lines');
    started.child.kill('SIGTERM');
    await started.exit;
    const lines = started.output().split('\n').filter((line) => /^[A-Z]+ \//.test(line));
    expect(lines).toEqual([
      expect.stringMatching(/^GET \/pro-import-api\/v4\/ad 200 \d+\.\d ms$/),
      expect.stringMatching(/^GET \/pro-import-api\/v4\/ad 401 \d+\.\d ms$/),
      expect.stringMatching(/^POST \/pro-import-api\/__fake\/tokens 201 \d+\.\d ms$/),
    ]);
    expect(started.output()).not.toContain(secret);
    expect(started.output()).toContain('the secret you gave, not printed');
    // The fake's own ready-made tokens are printed once each, in the banner; no request line carries one.
    expect(started.output().split(started.token)).toHaveLength(2);
  }, 60_000);

  it('a state file of the wrong shape: one line naming the place, exit 1, no stack, the file untouched', async () => {
    const file = await stateFile();
    const snapshot = createFake().snapshot();
    const damaged = JSON.stringify({ ...snapshot, ads: [{ ...JSON.parse('{}'), id: 'a', source_id: 5 }] });
    await writeFile(file, damaged);
    const child = spawn(process.execPath, [BIN, ...fakeArgs(file)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err.trim().split('\n')).toEqual([
      `Could not load --state ${file}: fake.load(snapshot): ads[0].source_id must be a string, got 5; ads[0].dealer_code must be a string, got nothing; ads[0].category_id must be a number, got nothing; and 12 more. Fix or delete the file and start again.`,
    ]);
    expect(await readFile(file, 'utf8')).toBe(damaged);
  }, 30_000);
});
