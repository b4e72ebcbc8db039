import { z } from 'zod';
import { parseInput } from './input.js';
import { Random } from './random.js';

/**
 * Status codes a fake can inject.
 *
 * @example
 * const throttled: FaultStatus = 429;
 */
export type FaultStatus = 429 | 500 | 502 | 503 | 504;
/**
 * Every status `FaultStatus` allows, in order (for messages and admin descriptions).
 *
 * @example
 * `use one of ${FAULT_STATUSES.join(', ')}`; // use one of 429, 500, 502, 503, 504
 */
export const FAULT_STATUSES: readonly FaultStatus[] = [429, 500, 502, 503, 504];

/**
 * Which requests a fault applies to: the method (any when absent or `*`) and the path as the fake's API names it
 * (relative to its base URL, `/v4/car`; a trailing `*` matches a prefix, `*` alone any path).
 *
 * @example
 * const matcher: RequestMatcher = { method: 'POST', path: '/v1/listings*' };
 */
export type RequestMatcher = { method?: string; path?: string };

/**
 * "The next `count` (default 1) matching requests answer `status`" (and/or are delayed by `delayMs`).
 * 429 and 503 answers carry `Retry-After: retryAfter` (default 1 second).
 *
 * @example
 * faults.schedule({ method: 'POST', path: '/v4/car', status: 503, count: 2 });
 */
export type ScheduledFault = RequestMatcher & {
  status?: FaultStatus;
  delayMs?: number;
  retryAfter?: number;
  count?: number;
};

/**
 * A share (`rate`, 0..1) of matching requests fail with one of `statuses` (default 429, 500, 503), drawn from a
 * PRNG seeded with `seed` (default 1), so a run replays exactly.
 *
 * @example
 * faults.setRate({ rate: 0.1, statuses: [429, 503], seed: 7 });
 */
export type FaultRate = RequestMatcher & {
  rate: number;
  statuses?: FaultStatus[];
  retryAfter?: number;
  seed?: number;
};

/**
 * What the HTTP layer must do with one request: wait `delayMs`, then answer `status` (when set) with
 * `Retry-After: retryAfter` on 429 and 503. See `applyHttpFault`.
 *
 * @example
 * const decision: HttpFaultDecision = { status: 503, delayMs: 0, retryAfter: 1 };
 */
export type HttpFaultDecision = { status?: FaultStatus; delayMs: number; retryAfter: number };

/**
 * The HTTP faults still configured, as JSON (what an admin endpoint shows).
 *
 * @example
 * const none: HttpFaultsConfig = { scheduled: [], rate: null };
 */
export type HttpFaultsConfig = { scheduled: ScheduledFault[]; rate: FaultRate | null };

type ScheduledRule = Required<Pick<ScheduledFault, 'count'>> & ScheduledFault;

/**
 * Whether a request matches a rule (see `RequestMatcher`). Trailing slashes do not matter for exact paths.
 *
 * @example
 * matchesRequest({ path: '/v4/ad*' }, 'GET', '/v4/ad/x'); // true
 * matchesRequest({ method: 'POST', path: '/v4/car' }, 'GET', '/v4/car'); // false
 */
export function matchesRequest(rule: RequestMatcher, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method !== '*' && rule.method.toUpperCase() !== method.toUpperCase())
    return false;
  if (rule.path === undefined || rule.path === '*') return true;
  const normalise = (p: string) => p.replace(/\/+$/, '') || '/';
  if (rule.path.endsWith('*')) return path.startsWith(rule.path.slice(0, -1));
  return normalise(rule.path) === normalise(path);
}

const STATUS_WORDS = `cannot be injected; use one of ${FAULT_STATUSES.join(', ')}`;
const isFaultStatus = (v: number): v is FaultStatus => (FAULT_STATUSES as readonly number[]).includes(v);
const faultStatus = z
  .number()
  .refine(isFaultStatus, { error: (issue) => `${String(issue.input)} ${STATUS_WORDS}` })
  .transform((v) => v as FaultStatus);
const matcherShape = {
  method: z.string().min(1).optional(),
  path: z.string().min(1).optional(),
};

/**
 * The shape of a `ScheduledFault` (unknown fields are refused, so a misspelt one is not silently ignored).
 *
 * @example
 * parseInput(ScheduledFaultSchema, body, 'POST /__fake/faults/schedule');
 */
export const ScheduledFaultSchema = z
  .object({
    ...matcherShape,
    status: faultStatus.optional(),
    delayMs: z.number().min(0).max(600_000).optional(),
    retryAfter: z.int().min(0).max(86_400).optional(),
    count: z.int().min(1).optional(),
  })
  .strict()
  .refine((f) => f.status !== undefined || f.delayMs !== undefined, {
    error: `give a status (${FAULT_STATUSES.join(', ')}), a delayMs, or both`,
  });

/**
 * The shape of a `FaultRate`.
 *
 * @example
 * parseInput(FaultRateSchema, body, 'PUT /__fake/faults/rate');
 */
export const FaultRateSchema = z
  .object({
    ...matcherShape,
    rate: z.number().min(0).max(1),
    statuses: z.array(faultStatus).optional(),
    retryAfter: z.int().min(0).max(86_400).optional(),
    seed: z.int().optional(),
  })
  .strict();

/**
 * HTTP fault injection: failures and slowness decided before a request is handled. A fake owns one (or a subclass
 * that adds its own kinds of fault) and its HTTP layer asks `takeHttpFault` once per request.
 *
 * @example
 * const faults = new HttpFaults();
 * faults.schedule({ method: 'POST', path: '/v4/car', status: 503, count: 2 }); // the next 2 POST /v4/car answer 503
 * faults.schedule({ path: '/v4/ad*', status: 429, retryAfter: 5 });            // with Retry-After: 5
 * faults.setRate({ rate: 0.1, statuses: [429, 500, 503], seed: 1 });           // seeded: same failures every run
 * faults.clear();
 */
export class HttpFaults {
  private scheduled: ScheduledRule[] = [];
  private rateRule: FaultRate | null = null;
  private random = new Random(1);

  /** Queues a fault for the next `count` (default 1) matching requests. Rules are consumed in the order added. */
  schedule(fault: ScheduledFault): void {
    const checked = parseInput(ScheduledFaultSchema, fault, 'faults.schedule') as ScheduledFault;
    this.scheduled.push({ ...checked, count: checked.count ?? 1 });
  }

  /** Makes a share (`rate`, 0..1) of matching requests fail with one of `statuses` (default 429, 500, 503). `null` turns it off. */
  setRate(rate: FaultRate | null): void {
    if (rate === null) {
      this.rateRule = null;
      return;
    }
    const checked = parseInput(FaultRateSchema, rate, 'faults.setRate') as FaultRate;
    this.rateRule = checked;
    this.random = new Random(checked.seed ?? 1);
  }

  /** Removes every fault. */
  clear(): void {
    this.scheduled = [];
    this.rateRule = null;
  }

  /** The faults still configured, as JSON (what the admin endpoint shows). */
  describe(): HttpFaultsConfig {
    return {
      scheduled: this.scheduled.map((rule) => ({ ...rule })),
      rate: this.rateRule === null ? null : { ...this.rateRule },
    };
  }

  /** Called by the HTTP layer once per request: consumes a scheduled rule, or draws against the rate. */
  takeHttpFault(method: string, path: string): HttpFaultDecision | undefined {
    const index = this.scheduled.findIndex((rule) => matchesRequest(rule, method, path));
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
    if (rate === null || !matchesRequest(rate, method, path)) return undefined;
    if (this.random.next() >= rate.rate) return undefined;
    const statuses =
      rate.statuses && rate.statuses.length > 0 ? rate.statuses : ([429, 500, 503] as FaultStatus[]);
    const status = statuses[Math.floor(this.random.next() * statuses.length)] ?? 500;
    return { status, delayMs: 0, retryAfter: rate.retryAfter ?? 1 };
  }
}
