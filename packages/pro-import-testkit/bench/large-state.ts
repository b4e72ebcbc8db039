/**
 * `pnpm fake --state` with a state of 600 MB (issue 19.6: past V8's largest string, about 512 MiB, every save threw
 * and a clean stop lost acknowledged ads; large saves stalled the event loop). Prints figures; asserts nothing.
 * Run: pnpm --filter @x/pro-import-testkit bench, or alone with
 *   node --conditions=@x/source --import tsx bench/large-state.ts [--mib 600]
 *
 * 1. The stall: the longest time the event loop was held during a save of the same 400 MiB state (under the string
 *    limit, so the old way can run at all), the old way (`JSON.stringify` of the whole state, then one write) against
 *    the streamed save, as a ratio.
 * 2. The command: a state file of 600 ads of 1 MiB for three dealers, loaded by `pnpm fake --state`, then 4 clients
 *    creating ads while the fake keeps saving, then SIGTERM; counts the acknowledged ads missing from the saved file
 *    and the slowest answer while saves ran.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { saveStateAtomically } from '@x/fake-runtime';
import { createAdFactory, createFake } from '../src/index.js';
import type { FakeSnapshot } from '../src/fake/types.js';

const BIN = fileURLToPath(new URL('../bin/fake.mjs', import.meta.url));
const mibFlag = process.argv.indexOf('--mib');
const MIB = mibFlag === -1 ? 600 : Number(process.argv[mibFlag + 1]);
const ONE_MIB = 'x'.repeat(1 << 20);
const factory = createAdFactory({ seed: 512 });

/** A snapshot of `count` ads of 1 MiB each (one shared string: little memory, `count` MiB of JSON). */
function bigSnapshot(count: number): FakeSnapshot {
  const fake = createFake({ latencyMs: 0 });
  fake.seedV3Ad({ category_id: 1062, source_id: 'template', dealer_code: 'D1' });
  const snapshot = fake.snapshot();
  const template = snapshot.ads[0];
  if (template === undefined) throw new Error('no template ad');
  snapshot.ads = Array.from({ length: count }, (_, i) => ({
    ...template,
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    source_id: `big-${i}`,
    dealer_code: `D${(i % 3) + 1}`,
    fields: { ...template.fields, body: ONE_MIB },
  }));
  return snapshot;
}

/** The longest event-loop stall while `work` runs, in ms. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  await work();
  histogram.disable();
  return histogram.max / 1e6;
}

async function stallFigures(dir: string): Promise<void> {
  const state = bigSnapshot(400);
  const file = join(dir, 'stall.json');
  const old = await longestStall(async () => {
    const text = `${JSON.stringify(state, null, 2)}\n`;
    const handle = await open(file, 'w');
    await handle.writeFile(text);
    await handle.sync();
    await handle.close();
  });
  const streamed = await longestStall(() => saveStateAtomically(file, state));
  console.log(`save of a 400 MiB state: longest event-loop stall ${old.toFixed(0)} ms the old way, ${streamed.toFixed(0)} ms streamed (${(old / streamed).toFixed(0)}x shorter)`);
}

type Started = { child: ChildProcess; baseUrl: string; token: string; output: () => string };

function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--conditions=@x/source', BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (\S+)/.exec(output)?.[1];
      const token = /\(dealer_code D1\):\s+(\S+)/.exec(output)?.[1];
      if (url !== undefined && token !== undefined) resolve({ child, baseUrl: url, token, output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the fake exited with ${code}: ${output}`)));
  });
}

/** The source_ids in a saved state file, read line by line (one ad per line), without loading it whole. */
async function savedSourceIds(file: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    const id = /"source_id":"([^"]+)"/.exec(line.slice(0, 2000))?.[1];
    if (id !== undefined) ids.add(id);
  }
  return ids;
}

async function commandFigures(dir: string): Promise<void> {
  const file = join(dir, 'state.json');
  let at = performance.now();
  await saveStateAtomically(file, bigSnapshot(MIB));
  const size = (await stat(file)).size;
  console.log(`state file: ${(size / 1024 / 1024).toFixed(0)} MiB (${MIB} ads of 1 MiB, 3 dealers), written in ${((performance.now() - at) / 1000).toFixed(1)} s`);
  at = performance.now();
  const fake = await start(['--port', '0', '--latency', '0', '--quiet', '--state', file]);
  console.log(`pnpm fake --state: loaded and listening after ${((performance.now() - at) / 1000).toFixed(1)} s`);
  const acknowledged: string[] = [];
  let slowest = 0;
  let stopped = false;
  const client = async () => {
    while (!stopped) {
      const body = factory.buildAd('car', { visible: false });
      const sent = performance.now();
      try {
        const reply = await fetch(`${fake.baseUrl}/v4/car`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Auth-Token': fake.token },
          body: JSON.stringify(body),
        });
        await reply.text();
        slowest = Math.max(slowest, performance.now() - sent);
        if (reply.status === 201) acknowledged.push(String(body.source_id));
      } catch {
        return;
      }
    }
  };
  const clients = Array.from({ length: 4 }, client);
  await new Promise((resolve) => setTimeout(resolve, 15_000)); // several saves of the whole state run meanwhile
  stopped = true;
  await Promise.all(clients);
  at = performance.now();
  fake.child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => fake.child.once('exit', resolve));
  const stopSeconds = (performance.now() - at) / 1000;
  const saved = await savedSourceIds(file);
  const lost = acknowledged.filter((id) => !saved.has(id)).length;
  console.log(
    `${acknowledged.length} ads acknowledged while saves of ${(size / 1024 / 1024).toFixed(0)} MiB ran (slowest answer ${slowest.toFixed(0)} ms); SIGTERM: exit ${code} after ${stopSeconds.toFixed(1)} s (final save), ${lost} acknowledged ads lost, ${saved.size} ads in the file`,
  );
}

const dir = await mkdtemp(join(tmpdir(), 'fake-large-state-'));
try {
  await stallFigures(dir);
  await commandFigures(dir);
} finally {
  await rm(dir, { recursive: true, force: true });
}
