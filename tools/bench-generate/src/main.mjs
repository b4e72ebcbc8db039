// pnpm bench (this package): issue 12's figures from one run on this machine. Each command runs as a child process
// ROUNDS times, the commands interleaved round by round so that load from elsewhere falls on all of them alike; the
// figure is the median CPU time (user + system of the child and everything it started, from /proc) and the median
// wall time, each also as a ratio to openapi-typescript alone on the same spec. Prints figures; asserts nothing.
//
//   node src/main.mjs [--rounds N] [--repo <checkout>]
//
// --repo measures `pnpm generate` in another checkout (for instance a worktree at an older commit, with its own
// node_modules), so a before/after comparison is made the same way; the peers always run from this package.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const rounds = Number(option('rounds', '5'));
const repo = resolve(option('repo', join(pkg, '..', '..')));
const spec = join(pkg, '..', '..', 'spec', 'pro-import', 'openapi.json');
const bin = (name) => join(pkg, 'node_modules', '.bin', name);
const turbo = join(repo, 'node_modules', '.bin', 'turbo');
const out = mkdtempSync(join(tmpdir(), 'bench-generate-'));

/** CPU seconds of reaped children so far (Linux: cutime + cstime of this process, in clock ticks of 1/100 s). */
function childCpu() {
  if (!existsSync('/proc/self/stat')) return Number.NaN;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function run(command, argv, options = {}) {
  const cpu = childCpu();
  const start = performance.now();
  const result = spawnSync(command, argv, { cwd: options.cwd ?? repo, env: { ...process.env, ...options.env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed (${result.status}):\n${result.stderr}${result.stdout}`.slice(0, 4000));
  return { cpu: childCpu() - cpu, wall, stdout: result.stdout };
}

const peerEnv = (name) => {
  const dir = join(out, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return { BENCH_SPEC: spec, BENCH_OUT: dir, NO_COLOR: '1' };
};

const rows = [
  {
    name: 'ours: full generate, no cache (turbo run generate --force)',
    run: () => run(turbo, ['run', 'generate', '--force', '--output-logs=none'], { env: { TURBO_TELEMETRY_DISABLED: '1' } }),
  },
  {
    name: 'ours: no-change generate (turbo run generate)',
    run: () => {
      const r = run(turbo, ['run', 'generate', '--output-logs=none'], { env: { TURBO_TELEMETRY_DISABLED: '1' } });
      if (!/FULL TURBO|cached, \d+ total/.test(r.stdout)) throw new Error(`the no-change run was not a cache hit:\n${r.stdout}`);
      return r;
    },
  },
  { name: 'openapi-typescript 7.13 alone (types only)', base: true, run: () => run(bin('openapi-typescript'), [spec, '-o', join(out, 'openapi-typescript.ts')], { cwd: pkg }) },
  { name: 'orval 7.13 (fetch client, zod, msw mocks)', run: () => run(bin('orval'), ['--config', join(pkg, 'peers', 'orval.config.cjs')], { cwd: pkg, env: peerEnv('orval') }) },
  { name: '@hey-api/openapi-ts 0.95 (fetch sdk, zod)', run: () => run(bin('openapi-ts'), ['-f', join(pkg, 'peers', 'openapi-ts.config.mjs')], { cwd: pkg, env: peerEnv('hey-api') }) },
  { name: 'Kubb 4.39 (ts, client, zod, no formatting)', run: () => {
      // Kubb writes its own cache folder (.kubb) into the working directory: run it in its output folder.
      const env = peerEnv('kubb');
      return run(bin('kubb'), ['generate', '--config', join(pkg, 'peers', 'kubb.config.mjs')], { cwd: env.BENCH_OUT, env });
    },
  },
];

// One generate first, so that the no-change run has a cache entry to hit and nothing measured pays for a cold disk.
run(turbo, ['run', 'generate', '--output-logs=none'], { env: { TURBO_TELEMETRY_DISABLED: '1' } });
const samples = rows.map(() => ({ cpu: [], wall: [] }));
for (let round = 0; round < rounds; round += 1) {
  rows.forEach((row, i) => {
    const r = row.run();
    samples[i].cpu.push(r.cpu);
    samples[i].wall.push(r.wall);
  });
}
rmSync(out, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = samples[rows.findIndex((r) => r.base)];
const baseCpu = median(base.cpu);
const baseWall = median(base.wall);
const width = Math.max(...rows.map((r) => r.name.length));
console.log(`spec: ${spec}`);
console.log(`generate measured in: ${repo}`);
console.log(`medians of ${rounds} interleaved runs; ratios to openapi-typescript alone\n`);
console.log(`${'command'.padEnd(width)}  ${'CPU s'.padStart(7)}  ${'CPU x'.padStart(6)}  ${'wall s'.padStart(7)}  ${'wall x'.padStart(6)}`);
rows.forEach((row, i) => {
  const cpu = median(samples[i].cpu);
  const wall = median(samples[i].wall);
  console.log(`${row.name.padEnd(width)}  ${cpu.toFixed(2).padStart(7)}  ${(cpu / baseCpu).toFixed(2).padStart(6)}  ${wall.toFixed(2).padStart(7)}  ${(wall / baseWall).toFixed(2).padStart(6)}`);
});
