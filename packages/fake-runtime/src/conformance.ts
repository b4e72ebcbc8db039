import { isDeepStrictEqual } from 'node:util';

/**
 * One HTTP answer as a conformance check reads it: the status, the body parsed as JSON (or the text when it is
 * not JSON), the raw text and the headers.
 *
 * @example
 * const reply: Reply = { status: 204, body: '', text: '', headers: new Headers() };
 */
export type Reply = { status: number; body: unknown; text: string; headers: Headers };

/**
 * Reads a fetch `Response` into a `Reply`.
 *
 * @example
 * const reply = await readReply(await fetch(url));
 * if (reply.status !== 200) throw new CheckFailure(`GET ${url}: ${reply.text}`);
 */
export async function readReply(response: Response): Promise<Reply> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (YAML, XML, empty): keep the text
  }
  return { status: response.status, body, text, headers: response.headers };
}

/**
 * A failed check: says what was expected and what came back (never a secret).
 *
 * @example
 * throw new CheckFailure('GET /v1/listings/x: expected HTTP 404, got 200');
 */
export class CheckFailure extends Error {}

/**
 * Fails unless the reply has `status`, quoting the start of the body.
 *
 * @example
 * expectStatus(reply, 201, 'POST /v1/listings');
 */
export function expectStatus(reply: Reply, status: number, what: string): void {
  if (reply.status !== status)
    throw new CheckFailure(
      `${what}: expected HTTP ${status}, got ${reply.status} ${reply.text.slice(0, 300)}`,
    );
}

/**
 * Fails unless `actual` deep-equals `expected`.
 *
 * @example
 * expectEqual(listing.title, 'Updated', 'the title after PUT');
 */
export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new CheckFailure(
      `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)?.slice(0, 300)}`,
    );
  }
}

/**
 * Fails with `what` unless `condition` holds.
 *
 * @example
 * expectTrue(urls.length === 2, 'the listing has both images');
 */
export function expectTrue(condition: boolean, what: string): void {
  if (!condition) throw new CheckFailure(what);
}

/**
 * The value as a JSON object, or a failure naming `what`.
 *
 * @example
 * const body = record(reply.body, 'the listing');
 */
export function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CheckFailure(`${what}: expected a JSON object, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value as Record<string, unknown>;
}

/**
 * The value as a JSON array, or a failure naming `what`.
 *
 * @example
 * const publications = list(reply.body, 'the publications');
 */
export function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value))
    throw new CheckFailure(`${what}: expected a JSON array, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value;
}

/**
 * One check of a conformance suite: `skip` answers why it cannot run here (or `undefined`), `run` throws a
 * `CheckFailure` (or any error) when the server does not behave.
 *
 * @example
 * const check: Check<Ctx> = { name: 'GET unknown listing: 404', run: async (ctx) => expectStatus(await ctx.get('/v1/listings/x'), 404, 'GET') };
 */
export type Check<Ctx> = {
  name: string;
  skip?: (ctx: Ctx) => string | undefined;
  run(ctx: Ctx): Promise<void>;
};

/**
 * The outcome of one check.
 *
 * @example
 * const result: CheckResult = { name: 'token', outcome: 'fail', message: 'expected HTTP 200, got 401' };
 */
export type CheckResult = { name: string; outcome: 'pass' | 'fail' | 'skip'; message?: string };

/**
 * The outcome of a suite: counts and every result in order.
 *
 * @example
 * if (report.failed > 0) process.exitCode = 1;
 */
export type ConformanceReport = { passed: number; failed: number; skipped: number; results: CheckResult[] };

/**
 * Runs checks in order, printing `PASS name`, `SKIP name (reason)` or `FAIL name: message` as each ends. Every
 * failure message goes through `redact` first, so a secret that reached an error never reaches the output.
 *
 * @example
 * const report = await runChecks(CHECKS, ctx, {
 *   print: console.log,
 *   redact: (message) => message.split(token).join('<token>'),
 * });
 * console.log(`${report.passed} passed, ${report.failed} failed`);
 */
export async function runChecks<Ctx>(
  checks: readonly Check<Ctx>[],
  ctx: Ctx,
  options: { print?: (line: string) => void; redact?: (message: string) => string } = {},
): Promise<ConformanceReport> {
  const print = options.print ?? (() => undefined);
  const redact = options.redact ?? ((message: string) => message);
  const results: CheckResult[] = [];
  for (const check of checks) {
    const reason = check.skip?.(ctx);
    if (reason !== undefined) {
      results.push({ name: check.name, outcome: 'skip', message: reason });
      print(`SKIP ${check.name} (${reason})`);
      continue;
    }
    try {
      await check.run(ctx);
      results.push({ name: check.name, outcome: 'pass' });
      print(`PASS ${check.name}`);
    } catch (error) {
      const message = redact(error instanceof Error ? error.message : String(error));
      results.push({ name: check.name, outcome: 'fail', message });
      print(`FAIL ${check.name}: ${message}`);
    }
  }
  const count = (o: CheckResult['outcome']) => results.filter((r) => r.outcome === o).length;
  return { passed: count('pass'), failed: count('fail'), skipped: count('skip'), results };
}
