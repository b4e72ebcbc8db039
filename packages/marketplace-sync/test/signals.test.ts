import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileJournal } from '../src/index.js';
import { isRunning } from '../src/core/processes.js';
import { feedAds, runCli, settled, startEnv, stopEnv, tempDir, writeNdjson, type Env } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

type Started = { child: ChildProcess; exited: Promise<number | null>; out: () => string; err: () => string };

/** `pnpm -s sync ...` as a user types it in the repository: the process the test signals is pnpm itself. */
function pnpmSync(env: Env, args: string[], options: { cwd?: string } = {}): Started {
  const child = spawn('pnpm', [...(options.cwd ? ['-C', ROOT] : []), '-s', 'sync', '--base-url', env.proxy.url, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, PRO_IMPORT_TOKEN: env.token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

async function until(what: () => boolean, limitMs = 60_000): Promise<void> {
  for (const started = Date.now(); !what(); ) {
    if (Date.now() - started > limitMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const posts = (env: Env) => env.proxy.requests.filter((r) => r.method === 'POST').length;

describe('pnpm sync and signals', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(() => stopEnv(env));

  /** Starts a slow sync of a fresh feed; answers once it has sent a few creates. */
  async function startSlowSync(name: string): Promise<Started & { feed: string; journal: string }> {
    env.proxy.reset();
    env.proxy.delayMs = 60;
    const ads = feedAds(120, name.length * 7).map((ad) => ({ ...ad, source_id: `${name}-${ad.source_id}` }));
    const feed = writeNdjson(join(env.dir, `${name}.ndjson`), ads);
    const journal = join(env.dir, `${name}.journal`);
    const started = pnpmSync(env, ['--feed', feed, '--journal', journal, '--concurrency', '2']);
    await until(() => posts(env) >= 4 || started.child.exitCode !== null);
    expect(started.child.exitCode).toBeNull();
    return { ...started, feed, journal };
  }

  /** After the run stopped: nothing more arrives, the journal reads, the lock is gone, and a re-run finishes the work once. */
  async function resumesCleanly(run: { feed: string; journal: string }): Promise<void> {
    // Counted as requests arrive: one sent just before the process ended is answered (and recorded) after it.
    const count = env.proxy.arrived;
    await new Promise((r) => setTimeout(r, 400));
    expect(env.proxy.arrived).toBe(count);
    expect(existsSync(`${run.journal}.lock`)).toBe(false);
    expect(() => FileJournal.read(run.journal)).not.toThrow();
    env.proxy.delayMs = 0;
    const again = await runCli(env, ['--feed', run.feed, '--journal', run.journal]);
    expect(again.code).toBe(0);
    settled(env);
    for (const ad of env.running.fake.listAds()) {
      const log = ad.log as Array<{ action: string; request_id: string }>;
      expect(new Set(log.filter((e) => e.action === 'create').map((e) => e.request_id)).size).toBe(1);
    }
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} to pnpm: "interrupted", nothing more sent, exit 2, journal intact`, async () => {
      const run = await startSlowSync(signal.toLowerCase());
      run.child.kill(signal);
      expect(await run.exited).toBe(2);
      expect(run.err().trim().split('\n').at(-1)).toBe('error: interrupted; run the same command again to resume');
      await resumesCleanly(run);
    }, 120_000);
  }

  it('a second SIGINT stops at once, journal intact', async () => {
    const run = await startSlowSync('twice');
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(2);
    expect(run.err()).toMatch(/error: interrupted/);
    await resumesCleanly(run);
  }, 120_000);

  it('a relative --feed is read from the folder the command was typed in (pnpm -C <repo> from elsewhere); an unknown option is named', async () => {
    env.proxy.delayMs = 0;
    const dealer = tempDir();
    writeNdjson(join(dealer, 'stock.ndjson'), feedAds(3, 111));
    const run = pnpmSync(env, ['--feed', 'stock.ndjson', '--dry-run'], { cwd: dealer });
    expect(await run.exited).toBe(0);
    expect(run.out()).toContain('dry run: nothing was sent');
    expect(run.out()).toMatch(/create\s+3/);
    const unknown = pnpmSync(env, ['--feed', 'stock.ndjson', '--dryrun'], { cwd: dealer });
    expect(await unknown.exited).toBe(2);
    expect(unknown.err().trim()).toBe("error: unknown option '--dryrun'\n(Did you mean --dry-run?)");
  }, 120_000);

  it('SIGKILL of pnpm: the sync stops too (as interrupted), instead of running on orphaned', async () => {
    const run = await startSlowSync('kill');
    const holder = JSON.parse(readFileSync(`${run.journal}.lock`, 'utf8')) as { pid: number };
    expect(holder.pid).not.toBe(run.child.pid);
    run.child.kill('SIGKILL');
    await run.exited;
    await until(() => !isRunning(holder.pid), 20_000);
    // It stopped because its parent was gone, long before it would have sent the feed's 120 creates.
    expect(run.err()).toMatch(/error: stopped: the command that started the sync \(pid \d+\) is gone; run the same command again to resume/);
    expect(posts(env)).toBeLessThan(120);
    await resumesCleanly(run);
  }, 120_000);
});
