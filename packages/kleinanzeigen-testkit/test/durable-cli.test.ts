import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createKleinanzeigenFake } from '../src/index.js';
import { LISTING, TEST_PNG } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/fake.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLIENT = { id: 'durable-shop', secret: 'durable-secret-1234567890' };

/** Every process started here has its fresh temporary directory on its command line; leftovers are killed. */
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
  const dir = await mkdtemp(join(tmpdir(), 'kleinanzeigen-durable-'));
  dirs.push(dir);
  return join(dir, 'state.json');
}

type Started = { child: ChildProcess; baseUrl: string; token: string; output: () => string; exit: Promise<number | null> };

function start(command: string, args: string[]): Promise<Started> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KLEINANZEIGEN_CLIENT_SECRET: CLIENT.secret } });
  let output = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let asked = false;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (\S+)/.exec(output)?.[1];
      // One token, once the fake is up: a token request sent on a later chunk could reach a fake already stopping.
      if (asked || url === undefined || !output.includes('  rules:')) return;
      asked = true;
      const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: CLIENT.secret, audience: 'consumer-goods-api' });
      fetch(`${new URL(url).origin}/v2/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })
        .then(async (reply) => ((await reply.json()) as { access_token: string }).access_token)
        .then((token) => resolve({ child, baseUrl: url, token, output: () => output, exit }), reject);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exit.then((code) => reject(new Error(`the fake exited with ${code}: ${output}`)));
  });
}

const fakeArgs = (file: string) => ['--port', '0', '--latency', '0', '--client-id', CLIENT.id, '--state', file];
const startFake = (file: string) => start(process.execPath, [BIN, ...fakeArgs(file)]);

async function createListing(started: Started): Promise<{ status: number; uuid?: string }> {
  const reply = await fetch(`${started.baseUrl}/v1/listings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${started.token}` },
    body: JSON.stringify(LISTING),
  });
  const text = await reply.text();
  return reply.status === 201 ? { status: 201, uuid: (JSON.parse(text) as { uuid: string }).uuid } : { status: reply.status };
}

/** The listings a (restarted) fake knows, from its state. */
async function knownListings(started: Started): Promise<Set<string>> {
  const state = (await (await fetch(`${new URL(started.baseUrl).origin}/__fake/state`)).json()) as { listings: Array<{ uuid: string }> };
  return new Set(state.listings.map((listing) => listing.uuid));
}

/** Waits for something that must happen soon (not a timing assertion: the bound is far above what it needs). */
async function eventually(check: () => Promise<boolean> | boolean, what: string, limitMs = 15_000): Promise<void> {
  for (const until = Date.now() + limitMs; Date.now() < until; ) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe('pnpm fake:kleinanzeigen --state is durable', () => {
  it('SIGTERM under load: every listing the fake acknowledged (201) is there after a restart', async () => {
    const file = await stateFile();
    const first = await startFake(file);
    const acknowledged: string[] = [];
    const client = async () => {
      for (;;) {
        try {
          const created = await createListing(first);
          if (created.uuid !== undefined) acknowledged.push(created.uuid);
          else if (created.status === 503) return;
        } catch {
          return;
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await eventually(() => acknowledged.length >= 200, '200 acknowledged creates');
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    await Promise.all(clients);
    expect(first.output()).toContain(`SIGTERM: state saved to ${file}`);
    const second = await startFake(file);
    const known = await knownListings(second);
    second.child.kill('SIGTERM');
    await second.exit;
    expect(acknowledged.filter((uuid) => !known.has(uuid))).toEqual([]);
  }, 60_000);

  it('SIGKILL: what was acknowledged is on disk within a second, so it survives a kill', async () => {
    const file = await stateFile();
    const first = await startFake(file);
    const uuids: string[] = [];
    for (let i = 0; i < 20; i++) uuids.push((await createListing(first)).uuid ?? 'not created');
    await eventually(async () => {
      const text = await readFile(file, 'utf8').catch(() => '');
      return uuids.every((uuid) => text.includes(uuid));
    }, 'the acknowledged listings in the state file');
    first.child.kill('SIGKILL');
    await first.exit;
    const second = await startFake(file);
    const known = await knownListings(second);
    second.child.kill('SIGTERM');
    await second.exit;
    expect(uuids.filter((uuid) => !known.has(uuid))).toEqual([]);
  }, 60_000);

  it('through pnpm: SIGTERM to pnpm stops the fake too, and it saves', async () => {
    const file = await stateFile();
    const started = await start('pnpm', ['--silent', 'fake:kleinanzeigen', ...fakeArgs(file)]);
    const { uuid } = await createListing(started);
    let ended = false;
    started.child.stdout?.on('close', () => (ended = true));
    started.child.kill('SIGTERM');
    await started.exit;
    await eventually(() => ended, 'the fake to exit');
    await expect(fetch(`${started.baseUrl}/openapi.json`)).rejects.toThrow();
    expect(started.output()).toMatch(/(SIGTERM|parent exited): state saved to /);
    expect(await readFile(file, 'utf8')).toContain(String(uuid));
  }, 60_000);

  it('kill -9 of `pnpm fake:kleinanzeigen` as the user types it: the fake stops (no orphan keeps acknowledging) and saves', async () => {
    const file = await stateFile();
    const started = await start('pnpm', ['fake:kleinanzeigen', ...fakeArgs(file), '--quiet']);
    const { uuid } = await createListing(started);
    let ended = false;
    started.child.stdout?.on('close', () => (ended = true)); // the fake holds the pipe until it has exited
    started.child.kill('SIGKILL');
    await started.exit;
    await eventually(async () => {
      try {
        await fetch(`${started.baseUrl}/openapi.json`);
        return false;
      } catch {
        return true;
      }
    }, 'the fake to stop answering');
    await eventually(() => ended, 'the fake to exit');
    expect(started.output()).toContain(`parent exited: state saved to ${file}`);
    expect(await readFile(file, 'utf8')).toContain(String(uuid));
    expect(started.output()).not.toMatch(/^(GET|POST|PUT) /m); // --quiet: no request log
  }, 60_000);

  it('request log: one line per request (method, path, status, ms), never a token, the secret or a URL signature', async () => {
    const file = await stateFile();
    const started = await startFake(file);
    const origin = new URL(started.baseUrl).origin;
    const auth = { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' };
    const ticket = (await (await fetch(`${started.baseUrl}/v1/media`, { method: 'POST', headers: auth, body: JSON.stringify({ mediaType: 'image/png' }) })).json()) as {
      signedPutUrl: string;
    };
    const signature = new URL(ticket.signedPutUrl).searchParams.get('signature') ?? 'none';
    const put = await fetch(ticket.signedPutUrl.replace(/^https?:\/\/[^/]+/, origin), { method: 'PUT', headers: { 'content-type': 'image/png' }, body: Buffer.from(TEST_PNG) });
    expect(put.status).toBe(200);
    expect((await fetch(`${started.baseUrl}/v1/listings/nope?access_token=${started.token}`, { headers: auth })).status).toBe(404);
    await eventually(() => /^GET \/api\/goods\/v1\/listings\/nope 404 /m.test(started.output()), 'the log lines');
    started.child.kill('SIGTERM');
    await started.exit;
    const lines = started.output().split('\n').filter((line) => /^[A-Z]+ \//.test(line));
    // The test's start helper asks for a token once the fake is up: that line comes first.
    const tokenLines = lines.filter((line) => line.startsWith('POST /v2/oidc/token '));
    expect(tokenLines.length).toBeGreaterThan(0);
    for (const line of tokenLines) expect(line).toMatch(/^POST \/v2\/oidc\/token 200 \d+\.\d ms$/);
    expect(lines.filter((line) => !tokenLines.includes(line))).toEqual([
      expect.stringMatching(/^POST \/api\/goods\/v1\/media 201 \d+\.\d ms$/),
      expect.stringMatching(/^PUT \/__storage\/uploads\/[0-9a-f-]+ 200 \d+\.\d ms$/),
      expect.stringMatching(/^GET \/api\/goods\/v1\/listings\/nope 404 \d+\.\d ms$/),
    ]);
    for (const secret of [started.token, CLIENT.secret, signature]) expect(started.output()).not.toContain(secret);
  }, 60_000);

  it('a state file of the wrong shape: one line naming the place, exit 1, no stack, the file untouched', async () => {
    const file = await stateFile();
    const damaged = JSON.stringify({ ...createKleinanzeigenFake().snapshot(), listings: [{ uuid: 'l', userId: 'u', fields: [], urls: [] }] });
    await writeFile(file, damaged);
    const child = spawn(process.execPath, [BIN, ...fakeArgs(file)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    expect(await new Promise<number | null>((resolve) => child.once('exit', resolve))).toBe(1);
    expect(out.trim().split('\n')).toEqual([
      `Could not load --state ${file}: fake.load(snapshot): listings[0].fields must be an object, got []; listings[0].deleted must be true or false, got nothing; listings[0].createdAt must be a number, got nothing; and 2 more. Fix or delete the file and start again.`,
    ]);
    expect(await readFile(file, 'utf8')).toBe(damaged);
  }, 30_000);
});
