import cliProgress from 'cli-progress';
import pc from 'picocolors';
import type { ItemReport } from '../core/apply.js';
import type { FeedError } from '../core/feed.js';
import type { Plan, PlanEntry } from '../core/types.js';
import { describeEntry, describeItem, shortChange } from './format.js';

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
  /** How long without a line while requests are open before "waiting ..." is printed. Default 10 000 ms. */
  heartbeatMs?: number;
  /** What `--version` prints (default: the version in the package's package.json). */
  version?: string;
};

/** A request the network watch saw, finished. */
export type Exchange = { method: string; path: string; status: number | 'error'; ms: number };

/** The requests open now, the oldest first. */
export type Open = Array<{ method: string; path: string; ms: number }>;

/** The end of a run as the summary reports it. */
export type Summary = {
  plan: Plan;
  items?: readonly ItemReport[];
  dryRun: boolean;
  converged: boolean | null;
  exit: number;
  throttled: number;
  pausedMs: number;
  invalid: number;
  report?: string;
};

/**
 * Where the command's events go: lines for people (`HumanOutput`) or one JSON object per line (`JsonOutput`, for
 * cron jobs and log shippers). Errors always also reach stderr as one `error: ...` line.
 */
export type Output = {
  start(detail: { marketplace: string; server: string; feed: string; dryRun: boolean }): void;
  phase(phase: 'feed' | 'list' | 'apply', detail: { ads?: number; server: string }): void;
  planned(entry: PlanEntry): void;
  item(item: ItemReport, progress: { done: number; total: number }): void;
  invalid(error: FeedError): void;
  waiting(open: Open): void;
  request(exchange: Exchange): void;
  summary(summary: Summary): void;
  error(message: string, exit: number): void;
};

function table(plan: Plan, items: readonly ItemReport[] | undefined, dryRun: boolean): string[] {
  const count = (action: string, outcomes: readonly string[]) => (items ?? []).filter((i) => i.action === action && outcomes.includes(i.outcome)).length;
  const rows: string[][] = [['action', 'planned', ...(dryRun ? [] : ['done', 'failed'])]];
  for (const action of ['create', 'update', 'retry', 'delete'] as const) {
    rows.push([action, String(plan.summary[action]), ...(dryRun ? [] : [String(count(action, ['done', 'retried'])), String(count(action, ['failed']))])]);
  }
  for (const action of ['unchanged', 'kept', 'blocked'] as const) rows.push([action, String(plan.summary[action]), ...(dryRun ? [] : ['', ''])]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
}

const NOT_CONVERGED: ReadonlySet<ItemReport['outcome']> = new Set(['failed', 'blocked', 'retried']);

/** Lines for people: one per ad sent, failed, retried, blocked or kept (a progress bar on a terminal), then the table. */
export class HumanOutput implements Output {
  readonly #io: Io;
  readonly #quiet: boolean;
  readonly #verbose: boolean;
  readonly #color: ReturnType<typeof pc.createColors>;
  #bar: cliProgress.SingleBar | undefined;
  #started = false;
  /** On a terminal, the lines the bar would overwrite are printed after it. */
  readonly #held: string[] = [];

  constructor(io: Io, options: { quiet: boolean; verbose: boolean; progress: boolean }) {
    this.#io = io;
    this.#quiet = options.quiet;
    this.#verbose = options.verbose;
    this.#color = io.isTty ? pc : pc.createColors(false);
    if (io.isTty && options.progress && !options.quiet) {
      this.#bar = new cliProgress.SingleBar({ format: '{bar} {value}/{total} ads | {phase}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
    }
  }

  #line(text: string): void {
    if (this.#bar !== undefined && this.#started) this.#held.push(text);
    else this.#io.out(text);
  }

  start(): void {}

  phase(phase: 'feed' | 'list' | 'apply', detail: { ads?: number; server: string }): void {
    if (this.#quiet || phase !== 'list') return;
    this.#line(`read ${detail.ads ?? 0} ads from the feed; listing the ads on ${detail.server}`);
  }

  planned(entry: PlanEntry): void {
    if (entry.action !== 'unchanged') this.#io.out(`  ${describeEntry(entry)}`);
  }

  item(item: ItemReport, progress: { done: number; total: number }): void {
    if (this.#bar !== undefined) {
      if (!this.#started) this.#bar.start(progress.total, 0, { phase: 'syncing' });
      this.#started = true;
      this.#bar.update(progress.done, { phase: `${item.action} ${item.sourceId}` });
    }
    if (this.#quiet || item.outcome === 'unchanged') return;
    this.#line(`[${progress.done}/${progress.total}] ${describeItem(item)}`);
  }

  invalid(error: FeedError): void {
    this.#io.err(`${this.#color.yellow('skipped:')} ${error.message}`);
  }

  waiting(open: Open): void {
    if (this.#quiet || this.#io.isTty || open.length === 0) return;
    const oldest = open[0]!;
    this.#io.out(`waiting for the server: ${oldest.method} ${oldest.path} for ${Math.round(oldest.ms / 1000)} s${open.length > 1 ? ` (${open.length} requests open)` : ''}`);
  }

  request(exchange: Exchange): void {
    if (this.#verbose) this.#io.err(`${exchange.method} ${exchange.path} ${exchange.status} ${Math.round(exchange.ms)} ms`);
  }

  summary(summary: Summary): void {
    this.#bar?.stop();
    for (const line of this.#held.splice(0)) this.#io.out(line);
    const { items } = summary;
    if (!this.#quiet) {
      for (const line of table(summary.plan, items, summary.dryRun)) this.#io.out(line);
      if (summary.throttled > 0) this.#io.out(`rate limited ${summary.throttled} times; paused ${Math.round(summary.pausedMs)} ms in total`);
      if (summary.report) this.#io.out(`report: ${summary.report}`);
    }
    if (summary.dryRun || items === undefined) return;
    const problems = items.filter((i) => NOT_CONVERGED.has(i.outcome));
    if (problems.length === 0 && summary.invalid === 0) return;
    const what = [
      problems.length > 0 ? `${problems.length} ad(s) failed, are blocked or were retried and not yet seen` : '',
      summary.invalid > 0 ? `${summary.invalid} feed record(s) skipped` : '',
    ].filter(Boolean);
    this.#io.err(`${this.#color.yellow('not converged:')} ${what.join('; ')}${summary.report ? ' (see the report)' : ''}`);
    for (const item of problems.slice(0, 20)) this.#io.err(`  ${describeItem(item)}`);
    if (problems.length > 20) this.#io.err(`  ... and ${problems.length - 20} more${summary.report ? ' (see the report)' : ' (--report lists them all)'}`);
  }

  error(message: string): void {
    this.#bar?.stop();
    for (const line of this.#held.splice(0)) this.#io.out(line);
    this.#io.err(`${this.#color.red('error:')} ${message}`);
  }
}

/** The report's form of an ad's outcome (snake_case, values in short). */
export function itemJson(item: ItemReport): Record<string, unknown> {
  return {
    source_id: item.sourceId,
    vehicle_type: item.type,
    ...(item.line !== undefined ? { line: item.line } : {}),
    action: item.action,
    outcome: item.outcome,
    ...(item.requestId ? { request_id: item.requestId } : {}),
    ...(item.changes ? { changes: item.changes.map(shortChange) } : {}),
    ...(item.messages ? { messages: item.messages } : {}),
    ...(item.errors ? { errors: item.errors } : {}),
    ...(item.warnings ? { warnings: item.warnings } : {}),
    ...(item.note ? { note: item.note } : {}),
    ...(item.attempts !== undefined ? { attempts: item.attempts } : {}),
  };
}

/** The report's form of a planned entry (a dry run). */
export function entryJson(entry: PlanEntry): Record<string, unknown> {
  return {
    source_id: entry.sourceId,
    vehicle_type: entry.type,
    ...(entry.line !== undefined ? { line: entry.line } : {}),
    action: entry.action,
    outcome: 'planned',
    ...(entry.changes ? { changes: entry.changes.map(shortChange) } : {}),
    ...(entry.blocked ? { messages: [`${entry.blocked.reason}; ${entry.blocked.todo}`], ...(entry.blocked.errors ? { errors: entry.blocked.errors } : {}) } : {}),
    ...(entry.warnings ? { warnings: entry.warnings } : {}),
    ...(entry.note ? { note: entry.note } : {}),
  };
}

/** Counts of what was done, per action and outcome. */
function outcomes(items: readonly ItemReport[] | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items ?? []) counts[item.outcome] = (counts[item.outcome] ?? 0) + 1;
  return counts;
}

/** The `event` of every line `--json` writes. */
export const JSON_EVENTS = ['start', 'phase', 'ad', 'invalid', 'waiting', 'request', 'summary', 'error'] as const;

/**
 * One JSON object per line on stdout, each with an `event`: `start`, `phase`, `ad` (one per ad: action, outcome,
 * messages; `outcome: planned` in a dry run), `invalid` (a skipped feed record), `waiting`, `request` (with
 * `--verbose`), `summary` (the plan's counts, the outcomes, `converged`, `exit`) or `error` (`message`, `exit`).
 */
export class JsonOutput implements Output {
  readonly #io: Io;
  readonly #verbose: boolean;

  constructor(io: Io, options: { verbose: boolean }) {
    this.#io = io;
    this.#verbose = options.verbose;
  }

  #emit(event: (typeof JSON_EVENTS)[number], body: Record<string, unknown>): void {
    this.#io.out(JSON.stringify({ event, ...body }));
  }

  start(detail: { marketplace: string; server: string; feed: string; dryRun: boolean }): void {
    this.#emit('start', { marketplace: detail.marketplace, server: detail.server, feed: detail.feed, dry_run: detail.dryRun });
  }

  phase(phase: 'feed' | 'list' | 'apply', detail: { ads?: number; server: string }): void {
    this.#emit('phase', { phase, ...(detail.ads !== undefined ? { ads: detail.ads } : {}) });
  }

  planned(entry: PlanEntry): void {
    this.#emit('ad', entryJson(entry));
  }

  item(item: ItemReport, progress: { done: number; total: number }): void {
    this.#emit('ad', { ...itemJson(item), done: progress.done, total: progress.total });
  }

  invalid(error: FeedError): void {
    this.#emit('invalid', { file: error.file, line: error.line, message: error.problem });
  }

  waiting(open: Open): void {
    if (open.length > 0) this.#emit('waiting', { open: open.length, oldest: { method: open[0]!.method, path: open[0]!.path, seconds: Math.round(open[0]!.ms / 1000) } });
  }

  request(exchange: Exchange): void {
    if (this.#verbose) this.#emit('request', { method: exchange.method, path: exchange.path, status: exchange.status, ms: Math.round(exchange.ms) });
  }

  summary(summary: Summary): void {
    const { plan } = summary;
    this.#emit('summary', {
      dry_run: summary.dryRun,
      converged: summary.converged,
      planned: plan.summary,
      outcomes: outcomes(summary.items),
      ...(summary.invalid > 0 ? { invalid: summary.invalid } : {}),
      ...(summary.throttled > 0 ? { throttled: summary.throttled, paused_ms: Math.round(summary.pausedMs) } : {}),
      ...(summary.report ? { report: summary.report } : {}),
      exit: summary.exit,
    });
  }

  error(message: string, exit: number): void {
    this.#emit('error', { message, exit });
    this.#io.err(`error: ${message}`);
  }
}

/**
 * Watches the requests of a run (a `fetch` wrapper): each finished one goes to `onExchange` (`--verbose`), and while
 * any is open and nothing else was printed for `heartbeatMs`, `onWaiting` hears which (a line at least every 10 s on a
 * run that is only waiting).
 */
export class NetworkWatch {
  readonly #open = new Map<number, { method: string; path: string; started: number }>();
  #next = 0;
  #quietSince = Date.now();
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly onExchange: (exchange: Exchange) => void,
    readonly onWaiting: (open: Open) => void,
    heartbeatMs: number,
  ) {
    this.#timer = setInterval(() => {
      const now = Date.now();
      if (this.#open.size === 0 || now - this.#quietSince < heartbeatMs) return;
      this.#quietSince = now;
      this.onWaiting([...this.#open.values()].sort((a, b) => a.started - b.started).map((r) => ({ method: r.method, path: r.path, ms: now - r.started })));
    }, Math.max(10, Math.min(1000, heartbeatMs / 4)));
    this.#timer.unref();
  }

  /** Something was printed: the wait starts again. */
  spoke(): void {
    this.#quietSince = Date.now();
  }

  wrap(inner: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
    return async (request) => {
      const id = (this.#next += 1);
      const url = new URL(request.url);
      const entry = { method: request.method, path: url.pathname, started: Date.now() };
      this.#open.set(id, entry);
      try {
        const response = await inner(request);
        this.onExchange({ method: entry.method, path: `${url.pathname}${url.search}`, status: response.status, ms: Date.now() - entry.started });
        return response;
      } catch (error) {
        this.onExchange({ method: entry.method, path: `${url.pathname}${url.search}`, status: 'error', ms: Date.now() - entry.started });
        throw error;
      } finally {
        this.#open.delete(id);
      }
    };
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
