import type { FaultStatus, HttpFaultDecision, HttpFaults } from '../faults.js';
import type { FakeResponse } from './types.js';

/**
 * How `applyHttpFault` answers: `respond` renders an injected status in the API's own error shape (the
 * `Retry-After` header is added for 429 and 503); `sleep` waits for injected slowness (default a real timer; tests
 * replace it).
 *
 * @example
 * const options: ApplyFaultOptions = {
 *   respond: (status, retryAfter) => json(status, { detail: `Injected ${status}; retry in ${retryAfter} s.` }),
 * };
 */
export type ApplyFaultOptions<R extends FakeResponse = FakeResponse> = {
  respond(status: FaultStatus, retryAfter: number): R;
  sleep?: (ms: number) => Promise<void>;
};

/**
 * A real timer, the default way to wait for injected slowness.
 *
 * @example
 * await realSleep(100);
 */
export const realSleep = (ms: number): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Asks `faults` about one request (`path` as the fault rules name it) and applies the decision: waits `delayMs`,
 * then answers the injected status, or `undefined` when the request should be handled normally.
 *
 * @example
 * const injected = await applyHttpFault(fake.faults, 'POST', '/v1/listings', {
 *   respond: (status) => json(status, { detail: 'Injected failure.' }),
 * });
 * if (injected !== undefined) return injected;
 */
export async function applyHttpFault<R extends FakeResponse>(
  faults: HttpFaults,
  method: string,
  path: string,
  options: ApplyFaultOptions<R>,
): Promise<R | undefined> {
  const fault: HttpFaultDecision | undefined = faults.takeHttpFault(method, path);
  if (fault === undefined) return undefined;
  if (fault.delayMs > 0) await (options.sleep ?? realSleep)(fault.delayMs);
  if (fault.status === undefined) return undefined;
  const response = options.respond(fault.status, fault.retryAfter);
  if (fault.status === 429 || fault.status === 503)
    return { ...response, headers: { ...response.headers, 'retry-after': String(fault.retryAfter) } };
  return response;
}
