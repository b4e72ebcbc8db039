/**
 * How many acknowledged ads `pnpm fake --state` loses when it is stopped under load. Prints figures; asserts nothing.
 * Run: pnpm --filter @x/pro-import-testkit bench (after the throughput figures), or alone with
 *   node --conditions=@x/source --import tsx bench/durability.ts --runs 5
 *
 * Each run starts the fake with a fresh state file, keeps 8 clients creating cars (every 201 is an acknowledged ad,
 * noted with the time it arrived), stops it after 1.5 s and starts it again on the same file, then counts the
 * acknowledged ads the restarted fake does not know. Three ways of stopping:
 *  - `SIGTERM`: the signal to the fake's own process (`node bin/fake.mjs`);
 *  - `pnpm SIGTERM`: the signal to `pnpm fake`, as a process manager or `kill <pid>` sends it (pnpm is the process it
 *    started);
 *  - `SIGKILL`: the fake's process dies at once; lost ads are also reported by how long before the kill they were
 *    acknowledged (the bar: only the last second may be lost);
 *  - `pnpm SIGKILL`: `kill -9` of `pnpm fake` as the user typed it: pnpm dies, its `sh -c` lives on, and the fake must
 *    notice, stop and save (issue 19.7).
 * In every mode, a fake still answering 3 s after the process that was signalled exited is reported as orphaned
 * (and then stopped).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdFactory } from '../src/index.js';

const BIN = fileURLToPath(new URL('../bin/fake.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const factory = createAdFactory({ seed: 7 });

type Started = { child: ChildProcess; baseUrl: string; token: string };
type Mode = 'SIGTERM' | 'pnpm SIGTERM' | 'SIGKILL' | 'pnpm SIGKILL';

function start(command: string, args: string[], cwd: string): Promise<Started> {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (\S+)/.exec(output)?.[1];
      const token = /\(dealer_code D1\):\s+(\S+)/.exec(output)?.[1];
      if (url !== undefined && token !== undefined && /\(dealer_group G1: D1,D2\):\s+\S+/.test(output))
        resolve({ child, baseUrl: url, token });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the fake exited with ${code} before it was ready: ${output}`)));
  });
}

/** Processes whose command line names `marker` (a fresh temporary directory: only the ones this script started). */
function pidsWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return pids;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

async function answering(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/__fake/`, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

async function listAll(baseUrl: string, token: string): Promise<Set<string>> {
  const seen = new Set<string>();
  let next: string | null = `${baseUrl}/v4/ad?limit=1000&fields=source_id`;
  while (next !== null) {
    const page = (await (await fetch(next, { headers: { 'X-Auth-Token': token } })).json()) as {
      next: string | null;
      results: Array<{ source_id: string }>;
    };
    for (const ad of page.results) seen.add(ad.source_id);
    next = page.next;
  }
  return seen;
}

async function run(mode: Mode): Promise<{ acked: number; lost: number; lostAges: number[]; orphaned: boolean }> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-durability-'));
  const file = join(dir, 'state.json');
  const flags = ['--port', '0', '--latency', '0', '--jwt-secret', 'bench', '--state', file];
  try {
    const first =
      mode === 'pnpm SIGTERM' || mode === 'pnpm SIGKILL'
        ? await start('pnpm', ['fake', ...flags, '--quiet'], ROOT)
        : await start(process.execPath, [BIN, ...flags], ROOT);
    const acked = new Map<string, number>();
    let stopped = false;
    const client = async () => {
      while (!stopped) {
        const body = factory.buildAd('car', { visible: false });
        try {
          const reply = await fetch(`${first.baseUrl}/v4/car`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'X-Auth-Token': first.token },
            body: JSON.stringify(body),
          });
          await reply.text();
          if (reply.status === 201) acked.set(String(body.source_id), performance.now());
        } catch {
          return; // the fake is gone
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const signalAt = performance.now();
    first.child.kill(mode === 'SIGKILL' || mode === 'pnpm SIGKILL' ? 'SIGKILL' : 'SIGTERM');
    await exited(first.child);
    // Whatever the way of stopping, nothing it started may keep serving (a launcher's child, pnpm's script).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const orphaned = await answering(first.baseUrl);
    for (const pid of pidsWith(dir)) process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 50 && pidsWith(dir).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    stopped = true;
    await Promise.race([Promise.all(clients), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    const second = await start(process.execPath, [BIN, ...flags], ROOT);
    const known = await listAll(second.baseUrl, second.token);
    second.child.kill('SIGKILL');
    await exited(second.child);
    const lostAges = [...acked]
      .filter(([sourceId]) => !known.has(sourceId))
      .map(([, at]) => Math.round(signalAt - at));
    return { acked: acked.size, lost: lostAges.length, lostAges, orphaned };
  } finally {
    for (const pid of pidsWith(dir)) process.kill(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag === -1 ? 3 : Number(process.argv[runsFlag + 1]);
for (const mode of ['SIGTERM', 'pnpm SIGTERM', 'SIGKILL', 'pnpm SIGKILL'] as const) {
  for (let i = 0; i < runs; i++) {
    const result = await run(mode);
    const ages =
      result.lostAges.length === 0
        ? ''
        : `; lost ads acknowledged ${Math.min(...result.lostAges)}..${Math.max(...result.lostAges)} ms before the signal`;
    console.log(
      `${mode.padEnd(13)} run ${i + 1}: ${String(result.acked).padStart(5)} acknowledged, ${String(result.lost).padStart(5)} lost${result.orphaned ? ', fake orphaned (still answering 3 s later)' : ''}${ages}`,
    );
  }
}
