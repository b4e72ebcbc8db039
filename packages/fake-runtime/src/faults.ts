import { Random } from './random.js';
import type { LogAction } from './types.js';

/** Status codes the fake can inject. */
export type FaultStatus = 429 | 500 | 502 | 503 | 504;
const FAULT_STATUSES: readonly number[] = [429, 500, 502, 503, 504];

/** Which requests a fault applies to: method (any when absent) and path relative to the base URL (`/v4/car`; a trailing `*` matches a prefix). */
export type RequestMatcher = { method?: string; path?: string };

/**
 * "The next `count` requests matching answer `status`" (and/or are delayed by `delayMs`).
 *
 * @example
 * fake.faults.schedule({ method: 'POST', path: '/v4/car', status: 503, count: 2 });
 */
export type ScheduledFault = RequestMatcher & {
  status?: FaultStatus;
  delayMs?: number;
  retryAfter?: number;
  count?: number;
};

/** A random share of matching requests fail, drawn from a seeded PRNG so runs replay. */
export type FaultRate = RequestMatcher & {
  rate: number;
  statuses?: FaultStatus[];
  retryAfter?: number;
  seed?: number;
};

/**
 * Force the worker's `action` to end in `error` for these source_ids (all when absent), `times` times (always when absent).
 *
 * @example
 * fake.faults.failAction({ action: 'publish', sourceIds: ['my-ad'], times: 1 });
 */
export type ActionFault = { action: LogAction; sourceIds?: string[]; times?: number; message?: string };

/** What the HTTP layer must do with one request. */
export type HttpFaultDecision = { status?: FaultStatus; delayMs: number; retryAfter: number };

type ScheduledRule = Required<Pick<ScheduledFault, 'count'>> & ScheduledFault;
type ActionRule = ActionFault & { remaining: number };

/** The configured faults, with the state they consume (counts, PRNG). */
export type FaultsConfig = { scheduled: ScheduledFault[]; rate: FaultRate | null; actions: ActionFault[] };

function matches(rule: RequestMatcher, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method !== '*' && rule.method.toUpperCase() !== method.toUpperCase())
    return false;
  if (rule.path === undefined || rule.path === '*') return true;
  const normalise = (p: string) => p.replace(/\/+$/, '') || '/';
  if (rule.path.endsWith('*')) return path.startsWith(rule.path.slice(0, -1));
  return normalise(rule.path) === normalise(path);
}

function checkStatus(status: number | undefined, where: string): void {
  if (status !== undefined && !FAULT_STATUSES.includes(status)) {
    throw new RangeError(
      `${where}: status ${status} cannot be injected; use one of ${FAULT_STATUSES.join(', ')}`,
    );
  }
}

/** Fault injection: HTTP failures and slowness before a request is handled, forced errors in the worker. */
export class Faults {
  private scheduled: ScheduledRule[] = [];
  private rateRule: FaultRate | null = null;
  private random = new Random(1);
  private actionRules: ActionRule[] = [];

  /** Queues a fault for the next `count` (default 1) matching requests. Rules are consumed in the order added. */
  schedule(fault: ScheduledFault): void {
    checkStatus(fault.status, 'faults.schedule');
    if (fault.status === undefined && fault.delayMs === undefined) {
      throw new TypeError('faults.schedule: give a status (429, 500, 502, 503, 504), a delayMs, or both');
    }
    const count = fault.count ?? 1;
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`faults.schedule: count must be an integer >= 1, got ${count}`);
    this.scheduled.push({ ...fault, count });
  }

  /** Makes a share (`rate`, 0..1) of matching requests fail with one of `statuses` (default 429, 500, 503). `null` turns it off. */
  setRate(rate: FaultRate | null): void {
    if (rate === null) {
      this.rateRule = null;
      return;
    }
    if (!(rate.rate >= 0 && rate.rate <= 1))
      throw new RangeError(`faults.setRate: rate must be between 0 and 1, got ${rate.rate}`);
    for (const status of rate.statuses ?? []) checkStatus(status, 'faults.setRate');
    this.rateRule = { ...rate };
    this.random = new Random(rate.seed ?? 1);
  }

  /** Forces the worker's `action` to fail for the given source_ids. */
  failAction(fault: ActionFault): void {
    this.actionRules.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  /** Removes every fault. */
  clear(): void {
    this.scheduled = [];
    this.rateRule = null;
    this.actionRules = [];
  }

  /** The faults still configured, as JSON (what the admin endpoint shows). */
  describe(): FaultsConfig {
    return {
      scheduled: this.scheduled.map((rule) => ({ ...rule })),
      rate: this.rateRule === null ? null : { ...this.rateRule },
      actions: this.actionRules.map(({ remaining, ...rule }) => ({
        ...rule,
        ...(Number.isFinite(remaining) ? { times: remaining } : {}),
      })),
    };
  }

  /** Called by the HTTP layer once per request: consumes a scheduled rule, or draws against the rate. */
  takeHttpFault(method: string, path: string): HttpFaultDecision | undefined {
    const index = this.scheduled.findIndex((rule) => matches(rule, method, path));
    const rule = this.scheduled[index];
    if (rule !== undefined) {
      rule.count -= 1;
      if (rule.count <= 0) this.scheduled.splice(index, 1);
      return {
        ...(rule.status === undefined ? {} : { status: rule.status }),
        delayMs: rule.delayMs ?? 0,
        retryAfter: rule.retryAfter ?? 1,
      };
    }
    const rate = this.rateRule;
    if (rate === null || !matches(rate, method, path)) return undefined;
    if (this.random.next() >= rate.rate) return undefined;
    const statuses =
      rate.statuses && rate.statuses.length > 0 ? rate.statuses : ([429, 500, 503] as FaultStatus[]);
    const status = statuses[Math.floor(this.random.next() * statuses.length)] ?? 500;
    return { status, delayMs: 0, retryAfter: rate.retryAfter ?? 1 };
  }

  /** Called by the worker when an action completes: the forced error message, if this action must fail. */
  takeActionFault(action: LogAction, sourceId: string): string | undefined {
    const rule = this.actionRules.find(
      (r) =>
        r.action === action &&
        r.remaining > 0 &&
        (r.sourceIds === undefined || r.sourceIds.includes(sourceId)),
    );
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    return rule.message ?? `Injected failure of ${action} (fake fault injection).`;
  }
}
