import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { PlanRefusedError } from '../core/apply.js';
import { FEED_ENCODINGS, FeedError, type FeedEncoding } from '../core/feed.js';
import { FileJournal } from '../core/file-journal.js';
import { JournalError } from '../core/journal.js';
import { RateLimiter } from '../core/limiter.js';
import { deleteLimit, type DeleteLimit } from '../core/plan.js';
import { sync, type SyncResult } from '../core/sync.js';
import { NotTheApiError, type Adapter } from '../core/types.js';
import { kleinanzeigenAdapter } from '../kleinanzeigen/adapter.js';
import { proImportAdapter } from '../pro-import/adapter.js';
import { checkFeed } from './check.js';
import { isHtmlReport, renderHtmlReport, type SyncReport } from './html-report.js';
import { entryJson, HumanOutput, itemJson, JsonOutput, NetworkWatch, type Io, type Output } from './output.js';
import { Interrupted, stopOnSignals } from './stop.js';

export type { Io } from './output.js';

/** A usage or environment problem: exit code 2, one line. */
class UsageError extends Error {}

type CliOptions = {
  feed: string;
  marketplace: 'pro-import' | 'kleinanzeigen';
  baseUrl?: string;
  tokenUrl?: string;
  dryRun?: boolean;
  deleteMissing?: boolean;
  maxDelete: DeleteLimit;
  force?: boolean;
  concurrency: number;
  wait?: boolean;
  journal?: string;
  report?: string;
  dealerCode?: string;
  imprintUuid?: string;
  assumeNotCreated?: string[];
  encoding: FeedEncoding;
  skipInvalid?: boolean;
  timeout?: number;
  verbose?: boolean;
  quiet?: boolean;
  json?: boolean;
  progress: boolean;
};

/** The package's version (`--version`), from its package.json (two levels up from src/cli and dist/cli). */
function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) throw new InvalidArgumentError('must be a whole number >= 1');
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0)) throw new InvalidArgumentError('must be a number of seconds > 0 (such as 30 or 2.5)');
  return n;
}

function maxDelete(value: string): DeleteLimit {
  const limit: DeleteLimit = /^\d+$/.test(value.trim()) ? Number(value) : (value.trim() as `${number}%`);
  try {
    deleteLimit(limit, 100);
  } catch {
    throw new InvalidArgumentError('must be a count (15) or a percentage of the live ads (20%)');
  }
  return limit;
}

function encodingOption(): Option {
  return new Option('--encoding <encoding>', 'how the feed file is encoded (a BOM is skipped)').choices([...FEED_ENCODINGS]).default('utf8');
}

function program(io: Io): Command {
  return new Command('marketplace-sync')
    .description('Make the marketplace show exactly the ads of a stock feed: creates, updates, retries and (with --delete-missing) deletes.\n`marketplace-sync check --feed <file>` checks a feed without any network.')
    .version(io.version ?? version(), '-V, --version', 'print the version of @x/marketplace-sync')
    .requiredOption('--feed <file>', 'the stock feed: a JSON array or NDJSON of V4 create payloads, each with its vehicle_type')
    .addOption(new Option('--marketplace <name>', 'where to sync').choices(['pro-import', 'kleinanzeigen']).default('pro-import'))
    .option('--base-url <url>', 'the API base URL (default: production)')
    .option('--token-url <url>', 'Kleinanzeigen: the token endpoint (default: production)')
    .option('--dry-run', 'print the plan and send nothing')
    .option('--delete-missing', 'delete live ads that are not in the feed')
    .option('--max-delete <n|p%>', 'the most deletions without --force: a count or a percentage of the live ads', maxDelete, '20%' as DeleteLimit)
    .option('--force', 'allow more deletions than --max-delete, and deletions from an empty feed')
    .option('--concurrency <n>', 'requests on the wire at the same time (up to four times as many ads in progress)', positiveInt, 4)
    .option('--wait', "wait for each ad's processing and report its outcome")
    .option('--journal <file>', 'the journal that makes runs resumable (default: .marketplace-sync/<marketplace>-<account>.journal)')
    .option('--report <file>', 'write a report per ad to this file: one HTML page for a .html file, JSON otherwise')
    .option('--dealer-code <code>', 'Pro Import: the dealer a group token syncs')
    .option('--imprint-uuid <uuid>', 'Kleinanzeigen: the imprint to publish with (or KLEINANZEIGEN_IMPRINT_UUID)')
    .option('--assume-not-created <ids>', 'Kleinanzeigen: source_ids (comma-separated) whose undecided create you checked in the account: create them again', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .addOption(encodingOption())
    .option('--skip-invalid', 'sync the records that are ads and report the others (exit 1) instead of stopping; nothing is deleted then')
    .option('--timeout <seconds>', 'per request: no answer within this long is a timeout (then retried); default 30', seconds)
    .addOption(new Option('--verbose', 'print every request: method, path, status, time').conflicts('quiet'))
    .option('--quiet', 'print only errors and the ads that did not converge')
    .option('--json', 'write one JSON event per line to stdout (phases, each ad, the summary) instead of text')
    .option('--no-progress', 'no progress bar, even on a terminal')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
}

function resolvePath(io: Io, file: string): string {
  return isAbsolute(file) ? file : resolve(io.cwd, file);
}

/** The account a Pro Import token is for, from its (unverified) JWT claims; never the token itself. */
function proImportAccount(token: string, dealerCode: string | undefined): string {
  if (dealerCode !== undefined) return dealerCode;
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof claims.dealer_code === 'string') return claims.dealer_code;
    if (typeof claims.dealer_group === 'string') return `group-${claims.dealer_group}`;
  } catch {
    // not a JWT: fall through to a digest
  }
  return `token-${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}

type Built = { adapter: Adapter; identity: { marketplace: string; target: string }; where: string };

function buildAdapter(options: CliOptions, io: Io, fetch: (request: Request) => Promise<Response>): Built {
  const timeoutMs = options.timeout !== undefined ? Math.round(options.timeout * 1000) : undefined;
  const timeout = timeoutMs !== undefined ? { timeoutMs } : {};
  if (options.marketplace === 'kleinanzeigen') {
    const clientId = io.env.KLEINANZEIGEN_CLIENT_ID;
    const clientSecret = io.env.KLEINANZEIGEN_CLIENT_SECRET;
    if (!clientId || !clientSecret) throw new UsageError('KLEINANZEIGEN_CLIENT_ID and KLEINANZEIGEN_CLIENT_SECRET must be set (the secret is read from the environment only, never from an argument)');
    const baseUrl = options.baseUrl ?? 'https://developer.kleinanzeigen.de/api/goods';
    const imprintUuid = options.imprintUuid ?? io.env.KLEINANZEIGEN_IMPRINT_UUID;
    const adapter = kleinanzeigenAdapter({
      clientId,
      clientSecret,
      baseUrl,
      ...(options.tokenUrl ? { tokenUrl: options.tokenUrl } : options.baseUrl ? { tokenUrl: `${new URL(options.baseUrl).origin}/v2/oidc/token` } : {}),
      ...(imprintUuid ? { imprintUuid } : {}),
      ...(options.assumeNotCreated ? { assumeNotCreated: new Set(options.assumeNotCreated) } : {}),
      ...timeout,
      fetch,
      limiter: new RateLimiter(),
    });
    return { adapter, identity: { marketplace: 'kleinanzeigen', target: `${baseUrl}#${clientId}` }, where: baseUrl };
  }
  const token = io.env.PRO_IMPORT_TOKEN;
  if (!token) throw new UsageError('PRO_IMPORT_TOKEN is not set: put your Pro Import token in that environment variable (never on the command line)');
  const baseUrl = options.baseUrl ?? 'https://api.blocket.se/pro-import-api';
  const adapter = proImportAdapter({ token, baseUrl, ...(options.dealerCode ? { dealerCode: options.dealerCode } : {}), ...timeout, fetch, limiter: new RateLimiter() });
  return { adapter, identity: { marketplace: 'pro-import', target: `${baseUrl}#${proImportAccount(token, options.dealerCode)}` }, where: baseUrl };
}

function networkCode(error: unknown): string | undefined {
  let cause: unknown = (error as { cause?: unknown } | null)?.cause;
  let code: string | undefined;
  for (let i = 0; i < 4 && cause !== null && typeof cause === 'object'; i += 1) {
    const c = (cause as { code?: unknown }).code;
    if (typeof c === 'string') code = c;
    cause = (cause as { cause?: unknown }).cause;
  }
  return code;
}

/** An error while talking to the server, in one line: a refused token, an unreachable or silent server. */
function connectionProblem(error: unknown, where: string, timeout: number | undefined): string | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  const name = (error as { name?: unknown } | null)?.name;
  const attempts = (error as { attempts?: unknown } | null)?.attempts;
  const tries = typeof attempts === 'number' ? `, ${attempts} attempt${attempts === 1 ? '' : 's'}` : '';
  if (name === 'TokenError') return `the token endpoint refused the credentials: ${(error as Error).message}`;
  if (status === 401) return `the server refused the token (401): it is missing, invalid or expired (${where})`;
  if (status === 403) return `the token is not allowed to do this (403): it lacks the scope or the dealer (${where})`;
  if (status !== undefined || !(error instanceof Error) || !('method' in error)) return undefined;
  if (/TimeoutError$/.test(String(name))) {
    return `no answer from ${where} within ${timeout ?? 30} s${tries} (${String((error as { method: unknown }).method)} ${String((error as { path?: unknown }).path ?? '')}): check --base-url and the network, or raise --timeout`;
  }
  if (/not JSON/.test(error.message)) return `the server at ${where} does not serve the API (${String((error as { method: unknown }).method)} ${String((error as { path?: unknown }).path ?? '')} answered with something that is not JSON): check --base-url`;
  const code = networkCode(error);
  return `cannot reach the server at ${where}${code ? ` (${code}${tries})` : tries ? ` (${tries.slice(2)})` : ''}: check --base-url and the network`;
}

/** Writes the report atomically: HTML for a `.html` file (one self-contained page), JSON otherwise. */
function writeReport(file: string, report: SyncReport): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, isHtmlReport(file) ? renderHtmlReport(report) : `${JSON.stringify(report, null, 2)}\n`);
  renameSync(temp, file);
}

function reportItems(outcome: SyncResult): Array<Record<string, unknown>> {
  const invalid = outcome.invalid.map((e) => ({ line: e.line, action: 'invalid', outcome: 'invalid', messages: [e.problem] }));
  if (outcome.result) return [...outcome.result.items.map(itemJson), ...invalid];
  return [...outcome.plan.entries.map(entryJson), ...invalid];
}

/** The exit code of a finished (or dry) run: 0 converged, 1 some ads (or records) are not. */
function exitOf(outcome: SyncResult, dryRun: boolean): number {
  if (outcome.invalid.length > 0) return 1;
  if (dryRun) return outcome.plan.summary.blocked > 0 ? 1 : 0;
  return outcome.result?.converged === true ? 0 : 1;
}

/**
 * `marketplace-sync --feed <file> [...]` (and `marketplace-sync check --feed <file>`): the command. Answers the exit
 * code: 0 everything converged (or a dry run with nothing blocked), 1 some ads failed, are blocked, were retried and
 * not yet seen, or feed records were skipped, 2 a usage, feed, journal or connection error, a refused plan, or an
 * interrupted run.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: string[], ioOverride: Partial<Io> = {}): Promise<number> {
  const io: Io = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    isTty: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.env.INIT_CWD ?? process.cwd(),
    ...ioOverride,
  };
  if (argv[0] === 'check') return checkFeed(argv.slice(1), io, { version: version(), encodingOption, resolvePath });
  const cmd = program(io);
  let options: CliOptions;
  try {
    cmd.parse(argv, { from: 'user' });
    options = cmd.opts<CliOptions>();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const dryRun = options.dryRun === true;
  let output: Output | undefined;
  const watch = new NetworkWatch(
    (exchange) => output?.request(exchange),
    (open) => output?.waiting(open),
    io.heartbeatMs ?? 10_000,
  );
  const spoken: Io = { ...io, out: (line) => (watch.spoke(), io.out(line)), err: (line) => (watch.spoke(), io.err(line)) };
  output = options.json === true ? new JsonOutput(spoken, { verbose: options.verbose === true }) : new HumanOutput(spoken, { quiet: options.quiet === true, verbose: options.verbose === true, progress: options.progress });
  const out = output;
  const fail = (message: string) => {
    out.error(message, 2);
    return 2;
  };
  let journal: FileJournal | undefined;
  let built: Built | undefined;
  try {
    built = buildAdapter(options, io, watch.wrap(io.fetch ?? ((request: Request) => globalThis.fetch(request))));
    const where = built.where;
    const feed = resolvePath(io, options.feed);
    const journalFile = resolvePath(io, options.journal ?? join('.marketplace-sync', `${built.identity.marketplace}-${createHash('sha256').update(built.identity.target).digest('hex').slice(0, 12)}.journal`));
    journal = dryRun ? undefined : FileJournal.open(journalFile, built.identity);
    out.start({ marketplace: built.identity.marketplace, server: where, feed, dryRun });
    const outcome = await sync({
      feed,
      adapter: built.adapter,
      ...(journal ? { journal } : { remembered: FileJournal.read(journalFile).remembered }),
      dryRun,
      deleteMissing: options.deleteMissing === true,
      maxDelete: options.maxDelete,
      force: options.force === true,
      concurrency: options.concurrency,
      wait: options.wait === true,
      encoding: options.encoding,
      skipInvalid: options.skipInvalid === true,
      ...(io.signal ? { signal: io.signal } : {}),
      onPhase: (phase, detail) => out.phase(phase, { ...detail, server: where }),
      onItem: (item, progress) => out.item(item, progress),
    });
    for (const error of outcome.invalid) out.invalid(error);
    const report = options.report ? resolvePath(io, options.report) : undefined;
    if (dryRun || outcome.plan.refused !== undefined) {
      // A refused plan still shows what it would do, deletions first among them.
      if (!(options.json === true) && dryRun) io.out(`dry run: nothing was sent (${where})`);
      for (const entry of outcome.plan.entries) if (dryRun || entry.action === 'delete') out.planned(entry);
    }
    if (outcome.plan.refused !== undefined) {
      if (report) writeReport(report, { marketplace: built.identity.marketplace, refused: outcome.plan.refused, summary: outcome.plan.summary, items: outcome.plan.entries.map(entryJson) });
      await journal?.close();
      journal = undefined;
      return fail(outcome.plan.refused);
    }
    const result = outcome.result;
    const exit = exitOf(outcome, dryRun);
    if (report) {
      writeReport(report, {
        marketplace: built.identity.marketplace,
        server: where,
        dry_run: dryRun,
        converged: dryRun ? null : (result?.converged ?? false) && outcome.invalid.length === 0,
        summary: outcome.plan.summary,
        timings_ms: { plan: Math.round(outcome.timings.planMs), apply: Math.round(outcome.timings.applyMs) },
        items: reportItems(outcome),
      });
    }
    await journal?.close();
    journal = undefined;
    out.summary({
      plan: outcome.plan,
      ...(result ? { items: result.items } : {}),
      dryRun,
      converged: dryRun ? null : exit === 0,
      exit,
      throttled: result?.throttled ?? 0,
      pausedMs: result?.pausedMs ?? 0,
      invalid: outcome.invalid.length,
      ...(report ? { report } : {}),
    });
    return exit;
  } catch (error) {
    await journal?.close();
    if (error instanceof UsageError || error instanceof JournalError || error instanceof PlanRefusedError || error instanceof NotTheApiError) return fail(error.message);
    if (error instanceof FeedError) return fail(`bad feed: ${error.message}`);
    if (io.signal?.aborted) {
      const reason: unknown = io.signal.reason;
      const why = reason instanceof Interrupted && reason.why === 'parent' ? `stopped: ${reason.message}; ` : 'interrupted; ';
      return fail(`${why}run the same command again to resume`);
    }
    const connection = built ? connectionProblem(error, built.where, options.timeout) : undefined;
    if (connection !== undefined) return fail(connection);
    return fail(error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error));
  } finally {
    watch.stop();
  }
}

/**
 * The `marketplace-sync` command as a process runs it: `main` with SIGINT, SIGTERM and SIGHUP (and the end of the
 * package manager that started it) turned into a stop (nothing more is sent, the journal is closed, exit 2), and a
 * second signal into an exit at once (the journal, written line by line, is intact).
 *
 * @example
 * process.exitCode = await runCommand(process.argv.slice(2));
 */
export async function runCommand(argv: string[]): Promise<number> {
  // A reader that went away (a closed pipe) must not turn the end of a run into a crash.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const controller = new AbortController();
  const dispose = stopOnSignals({
    onStop: (reason) => controller.abort(reason),
    onForceExit: () => process.stderr.write('error: interrupted again: stopped at once; the journal is intact (run the same command again to resume)\n'),
  });
  try {
    return await main(argv, { signal: controller.signal });
  } finally {
    dispose();
  }
}
