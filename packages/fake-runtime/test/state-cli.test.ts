import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CheckFailure,
  expectEqual,
  expectStatus,
  integerFlag,
  LOCAL_SERVER_FLAGS,
  loadStateFile,
  localServerOptions,
  localServerUsage,
  parseFlags,
  readReply,
  runChecks,
  saveStateAtomically,
  stringFlag,
  untilSignal,
  userPath,
} from '../src/index.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-runtime-'));
  dirs.push(dir);
  return dir;
}

describe('state files', () => {
  it('save atomically (no temp file left) and load back; a missing file is undefined', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    expect(await loadStateFile(file)).toBeUndefined();
    await saveStateAtomically(file, { version: 1, items: [1, 2] });
    await saveStateAtomically(file, { version: 1, items: [3] });
    expect(await readdir(dir)).toEqual(['state.json']);
    expect(await loadStateFile(file)).toEqual({ version: 1, items: [3] });
    expect(await readFile(file, 'utf8')).toBe('{\n  "version": 1,\n  "items": [\n    3\n  ]\n}\n');
  });

  it('a failed save leaves the old file and no temp file; broken JSON is an error, not a fresh start', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    await saveStateAtomically(file, { ok: true });
    await expect(saveStateAtomically(join(dir, 'missing-dir', 'state.json'), {})).rejects.toThrow('ENOENT');
    // The temporary file is written, then the rename fails (the target is a non-empty directory): it is removed.
    await mkdir(join(dir, 'busy', 'inside'), { recursive: true });
    await expect(saveStateAtomically(join(dir, 'busy'), { a: 1 })).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['busy', 'state.json']);
    await writeFile(file, '{"half":');
    await expect(loadStateFile(file)).rejects.toThrow(SyntaxError);
  });
});

describe('command-line flags', () => {
  const options = { port: { type: 'string' }, strict: { type: 'boolean' } } as const;

  it('parses flags and ignores the lone -- pnpm passes through', () => {
    const parsed = parseFlags(['--', '--port', '4010', '--strict'], options, 'Usage: x');
    expect(parsed).toEqual({ ok: true, values: { port: '4010', strict: true } });
    if (parsed.ok) expect([stringFlag(parsed.values, 'port'), stringFlag(parsed.values, 'strict')]).toEqual(['4010', undefined]);
  });

  it('answers unknown flags and positionals with the message and the usage', () => {
    const unknown = parseFlags(['--nope'], options, 'Usage: x');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.message).toMatch(/Unknown option '--nope'[\s\S]*\n\nUsage: x$/);
    expect(parseFlags(['file.json'], options, 'Usage: x').ok).toBe(false);
  });

  it('reads whole numbers and names the flag when it cannot', () => {
    expect(integerFlag('port', undefined, 4010)).toBe(4010);
    expect(integerFlag('port', '0', 4010)).toBe(0);
    expect(integerFlag('latency', '-1', 0)).toBe('--latency must be a whole number >= 0, got "-1"');
    expect(integerFlag('latency', '1.5', 0)).toBe('--latency must be a whole number >= 0, got "1.5"');
  });

  it('resolves paths against where the user ran the command (INIT_CWD)', () => {
    const before = process.env.INIT_CWD;
    process.env.INIT_CWD = '/home/someone/project';
    try {
      expect(userPath('state.json')).toBe('/home/someone/project/state.json');
      expect(userPath('/tmp/state.json')).toBe('/tmp/state.json');
    } finally {
      if (before === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = before;
    }
  });
});

describe('untilSignal', () => {
  it('runs stop once on the first SIGINT or SIGTERM and resolves with its exit code', async () => {
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const done = untilSignal(async (signal) => {
      seen.push(signal);
      await gate;
      return 3;
    });
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT'); // while stopping: ignored
    release();
    expect(await done).toBe(3);
    expect(seen).toEqual(['SIGTERM']);
    expect([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')]).toEqual([0, 0]);
  });
});

describe('runChecks', () => {
  it('prints one PASS/SKIP/FAIL line per check, counts them, and redacts secrets from failures', async () => {
    const lines: string[] = [];
    const report = await runChecks(
      [
        { name: 'ok', run: async () => undefined },
        { name: 'skipped', skip: (ctx: { real: boolean }) => (ctx.real ? undefined : 'needs a real server'), run: async () => undefined },
        { name: 'bad', run: async () => expectEqual(1, 2, 'one') },
        { name: 'leaky', run: async () => { throw new CheckFailure('sent s3cret-token and got 401'); } },
        { name: 'status', run: async () => expectStatus(await readReply(new Response('{"a":1}', { status: 500 })), 200, 'GET /x') },
      ],
      { real: false },
      { print: (l) => lines.push(l), redact: (m) => m.split('s3cret-token').join('<token>') },
    );
    expect(lines).toEqual([
      'PASS ok',
      'SKIP skipped (needs a real server)',
      'FAIL bad: one: expected 2, got 1',
      'FAIL leaky: sent <token> and got 401',
      'FAIL status: GET /x: expected HTTP 200, got 500 {"a":1}',
    ]);
    expect([report.passed, report.failed, report.skipped]).toEqual([1, 3, 1]);
  });
});

describe('launch', () => {
  const launchUrl = pathToFileURL(fileURLToPath(new URL('../src/launch.mjs', import.meta.url))).href;

  async function commandPackage(inRepo: boolean): Promise<string> {
    const dir = await tempDir();
    await mkdir(join(dir, 'bin'));
    await writeFile(join(dir, 'package.json'), '{"type": "module"}');
    await writeFile(join(dir, 'bin', 'cmd.mjs'), `import { launch } from '${launchUrl}';\nawait launch('cli/cmd', import.meta.url);\n`);
    // A workspace package that answers differently under the "@x/source" condition.
    await mkdir(join(dir, 'node_modules', 'dep'), { recursive: true });
    await writeFile(
      join(dir, 'node_modules', 'dep', 'package.json'),
      JSON.stringify({ name: 'dep', type: 'module', exports: { '.': { '@x/source': './source.js', default: './built.js' } } }),
    );
    await writeFile(join(dir, 'node_modules', 'dep', 'source.js'), "export const from = 'dep source';\n");
    await writeFile(join(dir, 'node_modules', 'dep', 'built.js'), "export const from = 'dep built';\n");
    if (inRepo) {
      await writeFile(join(dir, 'tsconfig.json'), '{}');
      await mkdir(join(dir, 'src', 'cli'), { recursive: true });
      await writeFile(
        join(dir, 'src', 'cli', 'cmd.ts'),
        "import { from } from 'dep';\nexport async function main(argv: string[]): Promise<number> {\n  const pid: number = process.pid;\n  console.log(`source ${argv.join(',')} ${from} pid ${pid}`);\n  return 3;\n}\n",
      );
    } else {
      await mkdir(join(dir, 'dist', 'cli'), { recursive: true });
      await writeFile(join(dir, 'dist', 'cli', 'cmd.js'), "import { from } from 'dep';\nexport async function main(argv) { console.log(`dist ${argv.join(',')} ${from}`); return 4; }\n");
    }
    return join(dir, 'bin', 'cmd.mjs');
  }

  function run(bin: string): Promise<{ code: number | null; out: string; pid: number | undefined }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, 'a', 'b'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, out, pid: child.pid }));
    });
  }

  it('in a repository, runs the TypeScript source with workspace packages under @x/source, in the one process it was started as', async () => {
    const { code, out, pid } = await run(await commandPackage(true));
    // The same process: a signal sent to the command reaches main, and a SIGKILL leaves no child running.
    expect(out).toBe(`source a,b dep source pid ${pid}\n`);
    expect(code).toBe(3);
  }, 30_000);

  it('installed (no tsconfig.json), runs dist/ with the default conditions', async () => {
    expect(await run(await commandPackage(false))).toMatchObject({ code: 4, out: 'dist a,b dep built\n' });
  }, 30_000);
});

describe('the local server flags', () => {
  const parse = (argv: string[]) => {
    const parsed = parseFlags(argv, { ...LOCAL_SERVER_FLAGS }, 'usage');
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.values;
  };

  it('read --allow-host (repeatable), --quota-mib and --quiet into the servers\' options', () => {
    const lines: string[] = [];
    const local = localServerOptions(parse(['--allow-host', 'a.test', '--allow-host', '.b.test', '--quota-mib', '3']), (line) => lines.push(line));
    expect(local).toEqual({ allowHosts: ['a.test', '.b.test'], handler: { quotaBytes: 3 * 1024 * 1024 }, log: expect.any(Function) });
    if (typeof local !== 'string') local.log?.('GET / 200 1.0 ms');
    expect(lines).toEqual(['GET / 200 1.0 ms']);
    expect(localServerOptions(parse(['--quiet']))).toEqual({ allowHosts: [], handler: { quotaBytes: 256 * 1024 * 1024 } });
    expect(localServerOptions(parse(['--quota-mib', 'lots']))).toBe('--quota-mib must be a whole number >= 0, got "lots"');
  });

  it('describe themselves at the command\'s column', () => {
    const usage = localServerUsage('dealer', 16).split('\n');
    expect(usage.map((line) => line.slice(0, 16).trimEnd())).toEqual(['  --allow-host', '', '  --quota-mib', '', '  --quiet']);
    expect(usage[2]).toContain('the most one dealer may store');
  });
});
