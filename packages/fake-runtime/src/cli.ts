import { isAbsolute, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Parsed command-line flags by name: a string, `true` for a boolean flag, or `undefined` when not given.
 *
 * @example
 * const flags: Flags = { port: '4010', strict: true };
 */
export type Flags = Record<string, string | boolean | undefined>;

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
 * ends a script that way: it signals the shell it started, which dies without passing the signal on).
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
   * Also stop when the process that started this one exits (this process is re-parented). Default true, so a
   * server started through pnpm, a shell or a test runner never outlives it. Off when the parent is already init.
   */
  watchParent?: boolean;
  /** How often the parent is checked, in ms. Default 250. */
  pollMs?: number;
};

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The process that started this one, read when this module loads: a parent that dies while the server is still
 * starting (before `untilSignal` is called) is then noticed too.
 */
const STARTED_BY = process.ppid;

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
    const parent = STARTED_BY;
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
        if (process.ppid !== parent) onStop('parent exited');
      }, options.pollMs ?? 250);
      watch.unref();
    }
  });
}
