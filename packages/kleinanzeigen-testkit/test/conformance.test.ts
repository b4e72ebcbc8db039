import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_CHECKS, DEFAULT_CLIENT, runConformance } from '../src/index.js';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '../src/server.js';

const BIN = fileURLToPath(new URL('../bin/conformance.mjs', import.meta.url));
const credentials = { clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret };

describe('the conformance suite against the fake over real HTTP', () => {
  let running: RunningKleinanzeigenServer;
  beforeAll(async () => {
    running = await startKleinanzeigenServer({ port: 0, fakeOptions: { latencyMs: 5 } });
  });
  afterAll(() => running.close());

  it('passes every check, prints one line each, never the secret, and cleans up what it created', async () => {
    const lines: string[] = [];
    const report = await runConformance({ baseUrl: running.baseUrl, ...credentials, print: (l) => lines.push(l), pollMs: 5 });
    expect(lines.filter((l) => !l.startsWith('PASS'))).toEqual([]);
    expect(lines).toHaveLength(CONFORMANCE_CHECKS.length);
    expect([report.passed, report.failed, report.skipped]).toEqual([CONFORMANCE_CHECKS.length, 0, 0]);
    expect(lines.join('\n')).not.toContain(credentials.clientSecret);
    expect(running.fake.listListings().every((l) => l.deleted === true)).toBe(true);
  });

  it('fails the checks the server breaks, naming them, and still deletes its listing', async () => {
    running.fake.faults.schedule({ method: 'POST', path: '/v1/media', status: 503 });
    const report = await runConformance({ baseUrl: running.baseUrl, ...credentials, pollMs: 5 });
    running.fake.faults.clear();
    expect(report.results.filter((r) => r.outcome === 'fail').map((r) => r.name)).toEqual([
      'media: POST /v1/media with image/gif is 415 with the documented detail',
    ]);
    expect(report.results.find((r) => r.outcome === 'fail')?.message).toContain('got 503');
    expect(running.fake.listListings().every((l) => l.deleted === true)).toBe(true);
  });

  it('a wrong secret fails the token check and every check that needs a token, and the secret never shows', async () => {
    const secret = 'wrong-secret-1234567890';
    const report = await runConformance({ baseUrl: running.baseUrl, clientId: credentials.clientId, clientSecret: secret, pollMs: 5 });
    expect(report.results[0]).toMatchObject({ outcome: 'fail', message: expect.stringContaining('got 401 {"error":"invalid_client"') });
    expect(report.results.find((r) => r.name.startsWith('listing: POST'))).toMatchObject({ outcome: 'fail', message: 'depends on "token", which failed' });
    expect(report.passed).toBe(2); // the wrong-secret check and the no-token check need no token
    expect(JSON.stringify(report)).not.toContain(secret);
  });

  it('the CLI exits 0, derives the token URL from the base URL, and prints the counts without the secret', async () => {
    const child = spawn(process.execPath, [BIN, '--base-url', running.baseUrl, '--client-id', credentials.clientId], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KLEINANZEIGEN_CLIENT_SECRET: credentials.clientSecret },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(out).toContain(`${CONFORMANCE_CHECKS.length} passed, 0 failed, 0 skipped`);
    expect(code).toBe(0);
    expect(out).not.toContain(credentials.clientSecret);
  }, 60_000);
});

describe('conformance setup errors', () => {
  it('an unreachable server is one clear error', async () => {
    await expect(runConformance({ baseUrl: 'http://127.0.0.1:1/api/goods', clientId: 'x', clientSecret: 'y' })).rejects.toThrow(
      /^Cannot reach http:\/\/127\.0\.0\.1:1\/v2\/oidc\/token \(.+\)\. Is the server running\? Check --base-url and --token-url\.$/,
    );
  });

  it('the CLI exits 1 when a check fails and 2 without credentials', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KLEINANZEIGEN_CLIENT_SECRET: '' } });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (out += c.toString()));
        child.on('exit', (code) => resolve({ code, out }));
      });
    const missing = await run(['--base-url', 'http://127.0.0.1:1/api/goods']);
    expect([missing.code, missing.out]).toEqual([2, expect.stringContaining('Give --base-url, --client-id and --client-secret')]);
    const running = await startKleinanzeigenServer({ port: 0, fakeOptions: { latencyMs: 5 } });
    try {
      const failing = await run(['--base-url', running.baseUrl, '--client-id', 'nobody', '--client-secret', 'nothing-secret-here']);
      expect(failing.code).toBe(1);
      expect(failing.out).toContain('FAIL token:');
      expect(failing.out).not.toContain('nothing-secret-here');
    } finally {
      await running.close();
    }
  }, 60_000);
});
