import { parseArgs, type ParseArgsConfig } from 'node:util';

/** `parseArgs` with a usage message instead of a stack trace for unknown or malformed flags. */
export type Flags = Record<string, string | boolean | undefined>;

export function parseFlags(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  usage: string,
): { ok: true; values: Flags } | { ok: false; message: string } {
  try {
    // pnpm passes a lone `--` through when the user writes `pnpm fake -- --port 1`; it means nothing here.
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

/** A string flag's value (boolean flags never reach here). */
export function stringFlag(values: Flags, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A non-negative integer flag, or an error naming the flag. */
export function integerFlag(name: string, raw: string | undefined, fallback: number): number | string {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) return `--${name} must be a whole number >= 0, got "${raw}"`;
  return Number(raw);
}
