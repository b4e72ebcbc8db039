import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { processInfo } from '../src/core/processes.js';
import { feedAds, runCli, startEnv, stopEnv, writeNdjson, type Env } from './helpers.js';

/** A process that runs until killed, and its facts as a lock file names them. */
async function liveProcess(): Promise<{ pid: number; start: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  const pid = child.pid as number;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { pid, start: processInfo(pid)?.startTicks ?? '', stop: () => (child.kill('SIGKILL'), exited) };
}

/** The pid of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

describe('two syncs of one account at once', () => {
  let env: Env;
  let feed: string;
  const journal = () => join(env.dir, 'sync.journal');
  beforeAll(async () => {
    env = await startEnv();
    feed = writeNdjson(join(env.dir, 'feed.ndjson'), feedAds(6, 51));
  });
  beforeEach(() => env.proxy.reset());
  afterAll(() => stopEnv(env));

  it('the second refuses at once, in one line naming the holder (pid, host, since when), exit 2, nothing sent', async () => {
    const holder = await liveProcess();
    const since = '2026-01-02T03:04:05.000Z';
    writeFileSync(`${journal()}.lock`, JSON.stringify({ pid: holder.pid, host: hostname(), since, start: holder.start }));
    try {
      const run = await runCli(env, ['--feed', feed]);
      expect(run.code).toBe(2);
      expect(run.err).toEqual([`error: ${journal()} is in use by another sync of this account: pid ${holder.pid} on ${hostname()} since ${since}; wait for it to finish`]);
      expect(env.proxy.requests).toEqual([]);
      expect(existsSync(`${journal()}.lock`)).toBe(true);
    } finally {
      await holder.stop();
      rmSync(`${journal()}.lock`, { force: true });
    }
  });

  it('two runs started together: one syncs, the other refuses', async () => {
    const [a, b] = await Promise.all([runCli(env, ['--feed', feed]), runCli(env, ['--feed', feed])]);
    expect([a.code, b.code].sort(), [...a.err, ...b.err].join('\n')).toEqual([0, 2]);
    expect([...a.err, ...b.err].join('\n')).toMatch(/is in use by another sync of this account: pid \d+ on /);
    expect(env.running.fake.listAds()).toHaveLength(6);
    expect(existsSync(`${journal()}.lock`)).toBe(false);
  });

  it('a stale lock of a killed run on this host is taken over', async () => {
    writeFileSync(`${journal()}.lock`, JSON.stringify({ pid: await deadPid(), host: hostname(), since: '2026-01-02T03:04:05.000Z' }));
    const run = await runCli(env, ['--feed', feed]);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(existsSync(`${journal()}.lock`)).toBe(false);
  });

  it('a lock written on another host is never taken over (this host cannot see that run)', async () => {
    writeFileSync(`${journal()}.lock`, JSON.stringify({ pid: 1, host: 'worker-7.example', since: '2026-01-02T03:04:05.000Z' }));
    const run = await runCli(env, ['--feed', feed]);
    expect(run.code).toBe(2);
    expect(run.err[0]).toContain(`pid 1 on worker-7.example since 2026-01-02T03:04:05.000Z; wait for it to finish (this host cannot see whether it still runs: if it is gone, delete ${journal()}.lock)`);
    expect(JSON.parse(readFileSync(`${journal()}.lock`, 'utf8'))).toMatchObject({ host: 'worker-7.example' });
  });
});
