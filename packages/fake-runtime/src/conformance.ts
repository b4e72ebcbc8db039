import { isDeepStrictEqual } from 'node:util';
import type { Reply } from './http.js';

/** A failed check: says what was expected and what came back (never the token). */
export class CheckFailure extends Error {}

export function expectStatus(reply: Reply, status: number, what: string): void {
  if (reply.status !== status)
    throw new CheckFailure(
      `${what}: expected HTTP ${status}, got ${reply.status} ${reply.text.slice(0, 300)}`,
    );
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new CheckFailure(
      `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)?.slice(0, 300)}`,
    );
  }
}

export function expectTrue(condition: boolean, what: string): void {
  if (!condition) throw new CheckFailure(what);
}

export function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CheckFailure(`${what}: expected a JSON object, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value as Record<string, unknown>;
}

export function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value))
    throw new CheckFailure(`${what}: expected a JSON array, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value;
}
