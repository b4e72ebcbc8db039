import {
  AdvanceClockSchema,
  FaultRateSchema,
  InputError,
  json,
  jsonStream,
  LatencySchema,
  ManualClock,
  NoBodySchema,
  parseInput,
  readAdminRequest,
  ScheduledFaultSchema,
  type BodyLimits,
  type FakeResponse,
} from '@x/fake-runtime';
import { z } from 'zod';
import type { KleinanzeigenFake } from '../fake/fake.js';
import { RejectionRuleSchema } from '../fake/faults.js';
import type { KleinanzeigenSnapshot } from '../fake/types.js';

/**
 * The admin API, described at `GET /__fake/` so clients in any language can discover it.
 *
 * @example
 * Object.keys(ADMIN_ENDPOINTS); // ['GET /__fake/', 'GET /__fake/state', ...]
 */
export const ADMIN_ENDPOINTS: Readonly<Record<string, string>> = {
  'GET /__fake/': 'This description, the configured client ids, the latency and the pending validations.',
  'GET /__fake/state': 'The whole state as JSON (what --state saves; no client secrets).',
  'PUT /__fake/state': 'Replace the state with a saved one.',
  'POST /__fake/reset': 'Forget every listing, imprint, ticket, image, publication and fault.',
  'GET /__fake/faults': 'The configured faults.',
  'DELETE /__fake/faults': 'Remove every fault.',
  'POST /__fake/faults/schedule':
    '{"method": "POST", "path": "/v1/listings", "status": 503, "count": 2, "delayMs": 0, "retryAfter": 1}: the next `count` matching requests answer `status` (and/or wait `delayMs`). Paths: /v1/... (goods API), /v2/oidc/token, /__storage/...; a trailing * is a prefix. 429 and 503 carry Retry-After.',
  'PUT /__fake/faults/rate':
    '{"rate": 0.1, "statuses": [429, 500, 503], "seed": 1, "method": "*", "path": "*", "retryAfter": 1}: a seeded share of matching requests fail. DELETE turns it off.',
  'POST /__fake/faults/rejections':
    '{"listingUuid": "...", "publicationUuid": "...", "reason": "...", "times": 1}: the next validations of matching publications end REJECTED with that statusReason.',
  'POST /__fake/validations/run': 'End every pending publication validation now.',
  'POST /__fake/clock/advance': '{"ms": 60000}: move a manual clock forward (due validations run); 400 on the real clock.',
  'PUT /__fake/latency': '{"latencyMs": 0}: how long a validation takes.',
};

const bad = (detail: string) => json(400, { detail });

/** Handles `/__fake/...`. No token: the server binds to 127.0.0.1 unless told otherwise. */
export function handleAdmin(
  fake: KleinanzeigenFake,
  request: {
    method: string;
    path: string;
    body: Uint8Array | null;
    contentType: string | null;
    limits: BodyLimits;
    /** The body limit of `PUT /__fake/state`. */
    maxStateBytes?: number;
  },
): FakeResponse<string> {
  const read = readAdminRequest(request);
  if ('answer' in read) return read.answer;
  const { route, body } = read;
  const input = <S extends z.ZodType>(schema: S): z.output<S> => parseInput(schema, body, route);
  try {
    switch (route) {
      case 'GET /__fake':
        return json(200, {
          endpoints: ADMIN_ENDPOINTS,
          clients: fake.clients(),
          clock: fake.clock instanceof ManualClock ? 'manual' : 'real',
          now: new Date(fake.clock.now()).toISOString(),
          latencyMs: fake.latencyMs,
          pendingValidations: fake.pendingValidations(),
        });
      case 'GET /__fake/state':
        // Sent piece by piece: a state may be larger than the largest string.
        return jsonStream(200, fake.snapshot());
      case 'PUT /__fake/state':
        fake.load(body as unknown as KleinanzeigenSnapshot);
        return json(200, { listings: fake.listListings().length });
      case 'POST /__fake/reset':
        input(NoBodySchema);
        fake.reset();
        return json(200, { listings: 0 });
      case 'GET /__fake/faults':
        return json(200, fake.faults.describe());
      case 'DELETE /__fake/faults':
        fake.faults.clear();
        return json(200, fake.faults.describe());
      case 'POST /__fake/faults/schedule':
        fake.faults.schedule(input(ScheduledFaultSchema));
        return json(201, fake.faults.describe());
      case 'PUT /__fake/faults/rate':
        fake.faults.setRate(input(FaultRateSchema));
        return json(200, fake.faults.describe());
      case 'DELETE /__fake/faults/rate':
        fake.faults.setRate(null);
        return json(200, fake.faults.describe());
      case 'POST /__fake/faults/rejections':
        fake.faults.rejectPublications(input(RejectionRuleSchema));
        return json(201, fake.faults.describe());
      case 'POST /__fake/validations/run':
        input(NoBodySchema);
        return json(200, { completed: fake.runValidations(), pendingValidations: fake.pendingValidations() });
      case 'POST /__fake/clock/advance':
        if (!(fake.clock instanceof ManualClock)) return bad('POST /__fake/clock/advance: the fake runs on the real clock; use POST /__fake/validations/run');
        fake.clock.advance(input(AdvanceClockSchema).ms);
        return json(200, { now: new Date(fake.clock.now()).toISOString(), pendingValidations: fake.pendingValidations() });
      case 'PUT /__fake/latency':
        fake.latencyMs = input(LatencySchema).latencyMs;
        return json(200, { latencyMs: fake.latencyMs });
      default:
        return json(404, { detail: `No admin endpoint ${route}. See GET /__fake/ for the list.` });
    }
  } catch (error) {
    // Input errors already name the route (or the fake method that refused); anything else gets it here.
    const message = (error as Error).message;
    if (error instanceof InputError && message.startsWith(route)) return bad(message);
    return bad(`${route}: ${message}`);
  }
}
