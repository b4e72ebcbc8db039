import { readFileSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Parsed command-line flags by name: a string, `true` for a boolean flag, or `undefined` when not given.
 *
 * @example
 * const flags: Flags = { port: '4010', strict: true };
 */
export type Flags = Record<string, string | boolean | string[] | undefined>;

/**
 * `parseArgs` with a usage message instead of a stack trace for unknown or malformed flags. Positionals are
 * refused, and the lone `--` pnpm passes through (`pnpm fake -- --port 1`) is ignored.
 *
 * @example
 * const parsed = parseFlags(process.argv.slice(2), { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
 * if (!parsed.ok) {
 *   console.error(parsed.message); // the problem, then the usage
 *   process.exitCode = 2;
 * }
 */
export function parseFlags(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  usage: string,
): { ok: true; values: Flags } | { ok: false; message: string } {
  try {
    const { values } = parseArgs({
      args: argv.filter((a) => a !== '--'),
      options,
      strict: true,
      allowPositionals: false,
    });
    return { ok: true, values: values as Flags };
  } catch (error) {
    return { ok: false, message: `${(error as Error).message}\n\n${usage}` };
  }
}

/**
 * A string flag's value (boolean flags never reach here).
 *
 * @example
 * const host = stringFlag(values, 'host') ?? '127.0.0.1';
 */
export function stringFlag(values: Flags, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * A repeatable string flag (`{ type: 'string', multiple: true }`): every value given, in order; `[]` when absent.
 *
 * @example
 * const hosts = stringListFlag(values, 'allow-host'); // --allow-host a.test --allow-host b.test -> ['a.test', 'b.test']
 */
export function stringListFlag(values: Flags, name: string): string[] {
  const value = values[name];
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? [value] : [];
}

/**
 * The flags of a fake's command for serving on a developer's machine, the same in every fake: `--allow-host <name>`
 * (repeatable), `--quota-mib <n>` and `--quiet`. Spread them into `parseFlags`' options; `localServerOptions` reads
 * them, `localServerUsage` describes them.
 *
 * @example
 * parseFlags(argv, { port: { type: 'string' }, ...LOCAL_SERVER_FLAGS }, USAGE);
 */
export const LOCAL_SERVER_FLAGS = {
  'allow-host': { type: 'string', multiple: true },
  'quota-mib': { type: 'string' },
  quiet: { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/**
 * The usage lines of `LOCAL_SERVER_FLAGS`, their descriptions starting at column `width` (as the command's other
 * lines do); `who` is what the quota counts (`dealer`, `account`).
 *
 * @example
 * const USAGE = `Usage: ...\n  --port        port to listen on\n${localServerUsage('dealer', 16)}`;
 */
export function localServerUsage(who: string, width: number): string {
  const line = (flag: string, text: string[]) => [`  ${flag.padEnd(width - 2)}${text[0]}`, ...text.slice(1).map((rest) => `${' '.repeat(width)}${rest}`)].join('\n');
  return [
    line('--allow-host', [
      'a host name clients may call the fake by, besides localhost and IP addresses (repeatable;',
      '.example.test allows its subdomains too). Other names are refused: DNS-rebinding protection',
    ]),
    line('--quota-mib', [`the most one ${who} may store in this fake, in MiB (default 256): the fake's own limit,`, "not the API's; past it a write is refused with 413"]),
    line('--quiet', ['no request log (by default one line per request: method, path, status, milliseconds)']),
  ].join('\n');
}

/**
 * What `LOCAL_SERVER_FLAGS` ask of the server, as the options both fakes' servers take (spread them in): the host
 * names to accept, the quota in bytes, and the request log (printed with `print`, default `console.log`, unless
 * `--quiet`); or the message of a malformed `--quota-mib`.
 *
 * @example
 * const local = localServerOptions(values);
 * if (typeof local === 'string') return fail(local);
 * await startFakeServer({ fake, port, ...local });
 */
export function localServerOptions(
  values: Flags,
  print: (line: string) => void = (line) => console.log(line),
): { allowHosts: string[]; handler: { quotaBytes: number }; log?: (line: string) => void } | string {
  const quotaMib = integerFlag('quota-mib', stringFlag(values, 'quota-mib'), 256);
  if (typeof quotaMib === 'string') return quotaMib;
  return {
    allowHosts: stringListFlag(values, 'allow-host'),
    handler: { quotaBytes: quotaMib * 1024 * 1024 },
    ...(values.quiet === true ? {} : { log: print }),
  };
}

/**
 * A non-negative integer flag (`fallback` when absent), or an error message naming the flag.
 *
 * @example
 * const port = integerFlag('port', stringFlag(values, 'port'), 4010);
 * if (typeof port === 'string') throw new Error(port); // --port must be a whole number >= 0, got "x"
 */
export function integerFlag(name: string, raw: string | undefined, fallback: number): number | string {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) return `--${name} must be a whole number >= 0, got "${raw}"`;
  return Number(raw);
}

/**
 * A path the user gave, resolved against the directory they ran the command in: pnpm runs package scripts in the
 * package's folder and says where the user was in `INIT_CWD`.
 *
 * @example
 * const stateFile = userPath('state.json'); // <where the user ran `pnpm fake`>/state.json
 */
export function userPath(file: string): string {
  return isAbsolute(file) ? file : resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

/**
 * Why a server is asked to stop: a signal, or `parent exited` when the process that started it went away (pnpm
 * ends a script that way: it signals the shell it started, which dies without passing the signal on), or the
 * package manager above that shell did (`kill -9` of pnpm).
 *
 * @example
 * const stop = async (reason: StopReason) => { console.log(`${reason}: stopping`); return 0; };
 */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'parent exited';

/**
 * Options of `untilSignal`.
 *
 * @example
 * untilSignal(stop, { watchParent: false }); // keep running when the parent exits (a daemon)
 */
export type UntilSignalOptions = {
  /**
   * Also stop when the process that started this one exits (this process is re-parented), or, when that is the shell
   * a package manager runs the script in, when the package manager exits (`kill -9` of `pnpm fake`). Default true,
   * so a server started through pnpm, npm, a shell or a test runner never outlives it. Off when the parent is
   * already init.
   */
  watchParent?: boolean;
  /** How often the parent is checked, in ms. Default 250. */
  pollMs?: number;
};

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The parent of a process, from `/proc` (Linux), or `undefined` where that cannot be read. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state ppid ...": the command may hold spaces and parentheses, so read after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'ksh', 'mksh']);

/** Whether a process is a shell running one command line (`sh -c "node bin/fake.mjs"`), as package managers start scripts. */
function isScriptShell(pid: number): boolean {
  try {
    const [program, flag] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return SHELLS.has(basename(program ?? '')) && flag === '-c';
  } catch {
    return false;
  }
}

/**
 * The processes between this one and the one the user started, each with the parent it had when this module
 * loaded: the parent, and while that is a shell a package manager runs the script in (`pnpm fake` runs
 * `sh -c "node ..."`, and dash does not replace itself with the command), the process above it too. `kill -9` of
 * pnpm kills only pnpm; its shell lives on, so watching the shell alone would keep an orphaned fake serving. Read
 * when this module loads, so a launcher that dies while the server is still starting is noticed too.
 */
const LAUNCHERS: ReadonlyArray<{ pid: number; parent: number | undefined }> = (() => {
  const chain = [{ pid: process.pid, parent: process.ppid as number | undefined }];
  for (let pid = process.ppid; pid > 1 && isScriptShell(pid) && chain.length < 8; ) {
    const parent = parentOf(pid);
    if (parent === undefined) break;
    chain.push({ pid, parent });
    pid = parent;
  }
  return chain;
})();

/** Whether a launcher in the chain has died since this module loaded (its child was handed to another parent). */
function launcherExited(): boolean {
  return LAUNCHERS.some(({ pid, parent }, index) => (index === 0 ? process.ppid : parentOf(pid)) !== parent);
}

/**
 * Waits for SIGINT, SIGTERM or SIGHUP, or for the parent process to exit, runs `stop` once (a second signal while
 * it runs is ignored) and resolves with the exit code `stop` answers: a server's `main` returns this promise. A
 * server behaves the same whether started directly, through pnpm (whose SIGTERM reaches only the shell it runs the
 * script in) or by a test that is killed.
 *
 * @example
 * return untilSignal(async (reason) => {
 *   await running.drain();                  // stop accepting; in-flight requests are answered
 *   await saveStateAtomically(file, fake.snapshot());
 *   console.log(`${reason}: state saved`);
 *   await running.close();
 *   return 0;
 * });
 */
export function untilSignal(
  stop: (reason: StopReason) => Promise<number>,
  options: UntilSignalOptions = {},
): Promise<number> {
  return new Promise<number>((done, fail) => {
    let stopping = false;
    const parent = LAUNCHERS[0]?.parent ?? 0;
    let watch: ReturnType<typeof setInterval> | undefined;
    const handlers = STOP_SIGNALS.map((signal) => [signal, () => onStop(signal)] as const);
    const cleanUp = () => {
      if (watch !== undefined) clearInterval(watch);
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
    function onStop(reason: StopReason): void {
      if (stopping) return;
      stopping = true;
      if (watch !== undefined) clearInterval(watch);
      stop(reason).then(
        (code) => {
          cleanUp();
          done(code);
        },
        (error: unknown) => {
          cleanUp();
          fail(error);
        },
      );
    }
    for (const [signal, handler] of handlers) process.on(signal, handler);
    if (options.watchParent !== false && parent > 1) {
      watch = setInterval(() => {
        if (launcherExited()) onStop('parent exited');
      }, options.pollMs ?? 250);
      watch.unref();
    }
  });
}
