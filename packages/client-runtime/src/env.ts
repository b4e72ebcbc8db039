/** Where a runtime keeps its environment: `process.env` (Node, Bun, Deno's Node layer) or `Deno.env`. */
export type EnvScope = {
  process?: { env?: Record<string, string | undefined> };
  Deno?: { env?: { get(name: string): string | undefined } };
};

/** A variable's value, or why there is none: unset (or empty), or the runtime would not let us read it. */
export type EnvRead = { value: string } | { value: undefined; denied: boolean };

/**
 * Reads an environment variable on any runtime: `process.env` where there is one, else `Deno.env`. Answers no value
 * (never throws) in a browser or a Worker without an environment, for an empty variable, and where Deno was not
 * allowed to read it (`denied`: run it with `--allow-env`).
 *
 * @example
 * const token = readEnv('PRO_IMPORT_TOKEN').value; // string | undefined
 */
export function readEnv(name: string, scope: EnvScope = globalThis as EnvScope): EnvRead {
  let denied = false;
  try {
    const value = scope.process?.env?.[name];
    if (typeof value === 'string' && value !== '') return { value };
  } catch {
    // Deno's Node layer throws here without --allow-env.
    denied = true;
  }
  try {
    const value = scope.Deno?.env?.get(name);
    if (typeof value === 'string' && value !== '') return { value };
  } catch {
    denied = true;
  }
  return { value: undefined, denied };
}

/**
 * A setting given in the options, else read from its environment variable; neither is a `TypeError` in one line
 * that names the option and the variable (never a value).
 *
 * @example
 * const token = settingFromEnv({ given: options.token, option: 'token', variable: 'PRO_IMPORT_TOKEN', what: 'createProImportClient' });
 */
export function settingFromEnv(setting: { given: unknown; option: string; variable: string; what: string; scope?: EnvScope }): string {
  if (setting.given !== undefined) return setting.given as string;
  const read = readEnv(setting.variable, setting.scope);
  if (read.value !== undefined) return read.value;
  const why = read.denied ? `; the runtime did not allow reading it (Deno: run with --allow-env=${setting.variable})` : '';
  throw new TypeError(`${setting.what}: no ${setting.option}: pass { ${setting.option} } or set the environment variable ${setting.variable}${why}`);
}
