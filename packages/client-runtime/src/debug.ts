/**
 * The debug log: one line per attempt, retry decision and outcome, switched on by an environment variable or an
 * option. Lines never show a header, a body or a secret (every line is redacted again before it is written).
 */

/**
 * Where debug lines go.
 *
 * @example
 * const toFile: DebugLog = (line) => stream.write(`${new Date().toISOString()} ${line}\n`);
 */
export type DebugLog = (line: string) => void;

/**
 * Whether the debug log of the client `name` (`pro-import`, `kleinanzeigen`) is switched on by the environment:
 * `X_DEBUG` lists client names (`X_DEBUG=pro-import`, `X_DEBUG=pro-import,kleinanzeigen`, `X_DEBUG=*` or `1` for
 * every client), and the `debug` package's `DEBUG` works too (`DEBUG=x:pro-import`, `DEBUG=x:*`).
 *
 * @example
 * debugEnabled('pro-import', { X_DEBUG: 'pro-import' }); // true
 * debugEnabled('pro-import', { DEBUG: 'express:*,x:*' }); // true
 */
export function debugEnabled(name: string, env: Readonly<Record<string, string | undefined>> | undefined = processEnv()): boolean {
  if (env === undefined) return false;
  const items = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter((item) => item !== '');
  const mine = items(env['X_DEBUG']).some((item) => item === name || item === '*' || item === '1' || item === 'true' || item === 'all');
  const debugStyle = items(env['DEBUG']).some((item) => item === `x:${name}` || item === 'x:*' || item === '*');
  return mine || debugStyle;
}

/** `process.env` where there is one (Node, Deno, Bun); undefined in browsers. */
function processEnv(): Readonly<Record<string, string | undefined>> | undefined {
  const candidate = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return candidate?.env;
}

/**
 * The debug log a client's `debug` option asks for: a function is used as it is, `true` writes to stderr
 * (`console.error`), `false` is off, and without the option the environment decides (`debugEnabled`). Lines are
 * prefixed with `[x:<name>]`.
 *
 * @example
 * const log = debugLogger('pro-import', options.debug); // undefined when off
 * log?.('GET /v4/car/1 -> 200 in 12 ms');
 */
export function debugLogger(name: string, option: boolean | DebugLog | undefined): DebugLog | undefined {
  if (option === false) return undefined;
  if (typeof option === 'function') return (line) => option(`[x:${name}] ${line}`);
  if (option === true || debugEnabled(name)) return (line) => console.error(`[x:${name}] ${line}`);
  return undefined;
}
