import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import pc from 'picocolors';
import { PlanRefusedError, type ItemReport } from '../core/apply.js';
import { FeedError } from '../core/feed.js';
import { Journal, JournalError } from '../core/journal.js';
import { RateLimiter } from '../core/limiter.js';
import { deleteLimit, type DeleteLimit } from '../core/plan.js';
import { sync, type SyncResult } from '../core/sync.js';
import type { Adapter, Plan, PlanEntry } from '../core/types.js';
import { kleinanzeigenAdapter } from '../kleinanzeigen/adapter.js';
import { proImportAdapter } from '../pro-import/adapter.js';

/** What the command writes to; injectable for tests. */
export type Io = {
  out: (line: string) => void;
  err: (line: string) => void;
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
  /** The fetch the API clients use (tests, proxies). */
  fetch?: (request: Request) => Promise<Response>;
  /** What `--version` prints: the installed package's version (the bin reads it from package.json). */
  version?: string;
};

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
  progress: boolean;
};

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) throw new InvalidArgumentError('must be a whole number >= 1');
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

function program(io: Io): Command {
  const command = new Command('marketplace-sync');
  if (io.version !== undefined) command.version(io.version, '-V, --version', 'print the version of @x/marketplace-sync');
  return command
    .description('Make the marketplace show exactly the ads of a stock feed: creates, updates and (with --delete-missing) deletes.')
    .requiredOption('--feed <file>', 'the stock feed: a JSON array or NDJSON of V4 create payloads, each with its vehicle_type')
    .addOption(new Option('--marketplace <name>', 'where to sync').choices(['pro-import', 'kleinanzeigen']).default('pro-import'))
    .option('--base-url <url>', 'the API base URL (default: production)')
    .option('--token-url <url>', 'Kleinanzeigen: the token endpoint (default: production)')
    .option('--dry-run', 'print the plan and send nothing')
    .option('--delete-missing', 'delete live ads that are not in the feed')
    .option('--max-delete <n|p%>', 'the most deletions without --force: a count or a percentage of the live ads', maxDelete, '20%' as DeleteLimit)
    .option('--force', 'allow more deletions than --max-delete, and deletions from an empty feed')
    .option('--concurrency <n>', 'operations at the same time', positiveInt, 4)
    .option('--wait', "wait for each ad's processing and report its log outcome")
    .option('--journal <file>', 'the journal that makes runs resumable (default: .marketplace-sync/<marketplace>-<account>.journal)')
    .option('--report <file>', 'write a JSON report per ad to this file')
    .option('--dealer-code <code>', 'Pro Import: the dealer a group token syncs')
    .option('--imprint-uuid <uuid>', 'Kleinanzeigen: the imprint to publish with (or KLEINANZEIGEN_IMPRINT_UUID)')
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

function buildAdapter(options: CliOptions, io: Io): Built {
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
      ...(io.fetch ? { fetch: io.fetch } : {}),
      limiter: new RateLimiter(),
    });
    return { adapter, identity: { marketplace: 'kleinanzeigen', target: `${baseUrl}#${clientId}` }, where: baseUrl };
  }
  const token = io.env.PRO_IMPORT_TOKEN;
  if (!token) throw new UsageError('PRO_IMPORT_TOKEN is not set: put your Pro Import token in that environment variable (never on the command line)');
  const baseUrl = options.baseUrl ?? 'https://api.blocket.se/pro-import-api';
  const adapter = proImportAdapter({ token, baseUrl, ...(options.dealerCode ? { dealerCode: options.dealerCode } : {}), ...(io.fetch ? { fetch: io.fetch } : {}), limiter: new RateLimiter() });
  return { adapter, identity: { marketplace: 'pro-import', target: `${baseUrl}#${proImportAccount(token, options.dealerCode)}` }, where: baseUrl };
}

/** An error while talking to the server, in one line: a refused token, an unreachable server. */
function connectionProblem(error: unknown, where: string): string | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TokenError') return `the token endpoint refused the credentials: ${(error as Error).message}`;
  if (status === 401) return `the server refused the token (401): it is missing, invalid or expired (${where})`;
  if (status === 403) return `the token is not allowed to do this (403): it lacks the scope or the dealer (${where})`;
  if (status === undefined && error instanceof Error && 'method' in error) {
    let cause: unknown = error.cause;
    let code: string | undefined;
    for (let i = 0; i < 4 && cause !== null && typeof cause === 'object'; i += 1) {
      const c = (cause as { code?: unknown }).code;
      if (typeof c === 'string') code = c;
      cause = (cause as { cause?: unknown }).cause;
    }
    return `cannot reach the server at ${where}${code ? ` (${code})` : ''}: check --base-url and the network`;
  }
  return undefined;
}

function describe(entry: PlanEntry): string {
  const where = entry.line !== undefined ? ` (line ${entry.line})` : '';
  switch (entry.action) {
    case 'update':
      return `update ${entry.sourceId}${where}: ${(entry.changes ?? []).map((c) => c.path).join(', ')}${entry.note ? ` (${entry.note})` : ''}`;
    case 'blocked':
      return `blocked ${entry.sourceId}${where}: ${entry.blocked?.reason}; ${entry.blocked?.todo}`;
    default:
      return `${entry.action} ${entry.sourceId}${where}`;
  }
}

function table(plan: Plan, items: readonly ItemReport[] | undefined, dryRun: boolean): string[] {
  const done = (action: string, outcome: string) => (items ?? []).filter((i) => i.action === action && i.outcome === outcome).length;
  const rows: string[][] = [['action', 'planned', ...(dryRun ? [] : ['done', 'failed'])]];
  for (const action of ['create', 'update', 'delete'] as const) {
    rows.push([action, String(plan.summary[action]), ...(dryRun ? [] : [String(done(action, 'done')), String(done(action, 'failed'))])]);
  }
  rows.push(['unchanged', String(plan.summary.unchanged), ...(dryRun ? [] : ['', ''])]);
  rows.push(['blocked', String(plan.summary.blocked), ...(dryRun ? [] : ['', ''])]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
}

function writeReport(file: string, report: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(temp, file);
}

function reportItems(outcome: SyncResult): unknown[] {
  const strip = (item: ItemReport) => ({
    source_id: item.sourceId,
    vehicle_type: item.type,
    ...(item.line !== undefined ? { line: item.line } : {}),
    action: item.action,
    outcome: item.outcome,
    ...(item.requestId ? { request_id: item.requestId } : {}),
    ...(item.changes ? { changes: item.changes } : {}),
    ...(item.messages ? { messages: item.messages } : {}),
    ...(item.errors ? { errors: item.errors } : {}),
    ...(item.warnings ? { warnings: item.warnings } : {}),
    ...(item.note ? { note: item.note } : {}),
    ...(item.attempts !== undefined ? { attempts: item.attempts } : {}),
  });
  if (outcome.result) return outcome.result.items.map(strip);
  return outcome.plan.entries.map((e) => ({
    source_id: e.sourceId,
    vehicle_type: e.type,
    ...(e.line !== undefined ? { line: e.line } : {}),
    action: e.action,
    outcome: 'planned',
    ...(e.changes ? { changes: e.changes } : {}),
    ...(e.blocked ? { messages: [`${e.blocked.reason}; ${e.blocked.todo}`], ...(e.blocked.errors ? { errors: e.blocked.errors } : {}) } : {}),
    ...(e.warnings ? { warnings: e.warnings } : {}),
    ...(e.note ? { note: e.note } : {}),
  }));
}

/**
 * `pnpm sync --feed <file> [...]`: the command. Answers the exit code: 0 everything converged (or a dry run), 1 some
 * ads failed or are blocked, 2 a usage, feed, journal or connection error, or a refused plan.
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
  const cmd = program(io);
  let options: CliOptions;
  try {
    cmd.parse(argv, { from: 'user' });
    options = cmd.opts<CliOptions>();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const color = io.isTty ? pc : pc.createColors(false);
  const fail = (message: string) => {
    io.err(`${color.red('error:')} ${message}`);
    return 2;
  };
  let journal: Journal | undefined;
  let built: Built | undefined;
  const bar = io.isTty && options.progress ? new cliProgress.SingleBar({ format: '{bar} {value}/{total} ads | {phase}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
  try {
    built = buildAdapter(options, io);
    const feed = resolvePath(io, options.feed);
    const journalFile = resolvePath(io, options.journal ?? join('.marketplace-sync', `${built.identity.marketplace}-${createHash('sha256').update(built.identity.target).digest('hex').slice(0, 12)}.journal`));
    journal = options.dryRun ? undefined : Journal.open(journalFile, built.identity);
    let started = false;
    const outcome = await sync({
      feed,
      adapter: built.adapter,
      ...(journal ? { journal } : { remembered: Journal.read(journalFile).remembered }),
      dryRun: options.dryRun === true,
      deleteMissing: options.deleteMissing === true,
      maxDelete: options.maxDelete,
      force: options.force === true,
      concurrency: options.concurrency,
      wait: options.wait === true,
      ...(io.signal ? { signal: io.signal } : {}),
      onPhase: (phase, detail) => {
        if (phase === 'list') (bar ? () => undefined : io.out)(`read ${detail.ads ?? 0} ads from the feed; listing the ads on ${built?.where}`);
      },
      onItem: (item, progress) => {
        if (bar) {
          if (!started) bar.start(progress.total, 0, { phase: 'syncing' });
          started = true;
          bar.update(progress.done, { phase: `${item.action} ${item.sourceId}` });
          return;
        }
        if (item.outcome === 'unchanged') return;
        const line = item.line !== undefined ? ` (line ${item.line})` : '';
        const detail = item.messages ? `: ${item.messages.join(' | ')}` : '';
        io.out(`[${progress.done}/${progress.total}] ${item.action} ${item.sourceId}${line} ${item.outcome}${detail}`);
      },
    });
    bar?.stop();
    if (outcome.plan.refused !== undefined) {
      if (options.report) writeReport(resolvePath(io, options.report), { marketplace: built.identity.marketplace, refused: outcome.plan.refused, summary: outcome.plan.summary });
      journal?.close(built.identity);
      journal = undefined;
      return fail(outcome.plan.refused);
    }
    if (options.dryRun) {
      io.out(`dry run: nothing was sent (${built.where})`);
      for (const entry of outcome.plan.entries) if (entry.action !== 'unchanged') io.out(`  ${describe(entry)}`);
    }
    for (const line of table(outcome.plan, outcome.result?.items, options.dryRun === true)) io.out(line);
    const result = outcome.result;
    if (result && result.throttled > 0) io.out(`rate limited ${result.throttled} times; paused ${Math.round(result.pausedMs)} ms in total`);
    if (options.report) {
      writeReport(resolvePath(io, options.report), {
        marketplace: built.identity.marketplace,
        server: built.where,
        dry_run: options.dryRun === true,
        converged: result?.converged ?? null,
        summary: outcome.plan.summary,
        timings_ms: { plan: Math.round(outcome.timings.planMs), apply: Math.round(outcome.timings.applyMs) },
        items: reportItems(outcome),
      });
      io.out(`report: ${resolvePath(io, options.report)}`);
    }
    journal?.close(built.identity);
    journal = undefined;
    if (options.dryRun) return outcome.plan.summary.blocked > 0 ? 1 : 0;
    if (!result?.converged) {
      const failed = result?.items.filter((i) => i.outcome === 'failed' || i.outcome === 'blocked') ?? [];
      io.err(`${color.yellow('not converged:')} ${failed.length} ad(s) failed or are blocked${options.report ? ' (see the report)' : ''}`);
      for (const item of failed.slice(0, 20)) io.err(`  ${item.outcome} ${item.sourceId}${item.line !== undefined ? ` (line ${item.line})` : ''}: ${(item.messages ?? []).join(' | ')}`);
      return 1;
    }
    return 0;
  } catch (error) {
    bar?.stop();
    journal?.abandon();
    if (error instanceof UsageError || error instanceof JournalError || error instanceof PlanRefusedError) return fail(error.message);
    if (error instanceof FeedError) return fail(`bad feed: ${error.message}`);
    if (io.signal?.aborted) return fail('interrupted; run the same command again to finish (the journal remembers what was sent)');
    const connection = built ? connectionProblem(error, built.where) : undefined;
    if (connection !== undefined) return fail(connection);
    return fail(error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error));
  }
}
