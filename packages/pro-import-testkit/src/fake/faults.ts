import { HttpFaults, parseInput, type HttpFaultsConfig } from '@x/fake-runtime';
import { z } from 'zod';
import { LOG_ACTIONS, type LogAction } from './types.js';

export type { FaultRate, FaultStatus, RequestMatcher, ScheduledFault } from '@x/fake-runtime';

/**
 * Force the worker's `action` to end in `error` for these source_ids (all when absent), `times` times (always when absent).
 *
 * @example
 * fake.faults.failAction({ action: 'publish', sourceIds: ['my-ad'], times: 1 });
 */
export type ActionFault = { action: LogAction; sourceIds?: string[]; times?: number; message?: string };

type ActionRule = ActionFault & { remaining: number };

/** The shape of an `ActionFault` (also the body of `POST /__fake/faults/actions`). */
export const ActionFaultSchema = z
  .object({
    action: z.enum(LOG_ACTIONS as [LogAction, ...LogAction[]]),
    sourceIds: z.array(z.string().min(1)).optional(),
    times: z.int().min(1).optional(),
    message: z.string().min(1).optional(),
  })
  .strict();

/** The configured faults, with the state they consume (counts, PRNG). */
export type FaultsConfig = HttpFaultsConfig & { actions: ActionFault[] };

/**
 * Fault injection: HTTP failures and slowness before a request is handled (`@x/fake-runtime`'s `HttpFaults`), and
 * forced errors in the worker.
 *
 * @example
 * fake.faults.schedule({ method: 'POST', path: '/v4/car', status: 503, count: 2 } satisfies ScheduledFault);
 * fake.faults.setRate({ rate: 0.1, seed: 1 } satisfies FaultRate);
 * fake.faults.failAction({ action: 'publish', sourceIds: ['car-1'], times: 1 });
 */
export class Faults extends HttpFaults {
  private actionRules: ActionRule[] = [];

  /** Forces the worker's `action` to fail for the given source_ids. */
  failAction(fault: ActionFault): void {
    const checked = parseInput(ActionFaultSchema, fault, 'faults.failAction') as ActionFault;
    this.actionRules.push({ ...checked, remaining: checked.times ?? Number.POSITIVE_INFINITY });
  }

  /** Removes every fault. */
  override clear(): void {
    super.clear();
    this.actionRules = [];
  }

  /** The faults still configured, as JSON (what the admin endpoint shows). */
  override describe(): FaultsConfig {
    return {
      ...super.describe(),
      actions: this.actionRules.map(({ remaining, ...rule }) => ({
        ...rule,
        ...(Number.isFinite(remaining) ? { times: remaining } : {}),
      })),
    };
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
