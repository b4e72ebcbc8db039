import {
  AdvanceClockSchema,
  FaultRateSchema,
  ManualClock,
  InputError,
  json,
  jsonStream,
  LatencySchema,
  NoBodySchema,
  parseInput,
  readAdminRequest,
  ScheduledFaultSchema,
  type BodyLimits,
  type FakeResponse,
} from '@x/fake-runtime';
import { z } from 'zod';
import { BumpPermissionSchema, SeedAdminAdSchema, SeedV3AdSchema, type ProImportFake } from '../fake/fake.js';
import { ActionFaultSchema } from '../fake/faults.js';
import { createTestToken, TokenClaimsSchema, type TokenClaims } from '../fake/tokens.js';
import type { FakeSnapshot } from '../fake/types.js';


type AdminRequest = {
  method: string;
  relative: string;
  url: URL;
  body: Uint8Array | null;
  contentType: string | null;
  limits: BodyLimits;
  /** The body limit of `PUT /__fake/state`. */
  maxStateBytes?: number;
};

/** The admin API, described at `GET /__fake/` so other-language clients can discover it. */
export const ADMIN_ENDPOINTS: Record<string, string> = {
  'GET /__fake/': 'This description.',
  'GET /__fake/faults': 'The configured faults.',
  'DELETE /__fake/faults': 'Remove every fault.',
  'POST /__fake/faults/schedule':
    '{"method": "POST", "path": "/v4/car", "status": 503, "count": 2, "delayMs": 0, "retryAfter": 1}: the next `count` matching requests answer `status` (and/or wait `delayMs`). 429 and 503 carry Retry-After.',
  'PUT /__fake/faults/rate':
    '{"rate": 0.1, "statuses": [429, 500, 503], "seed": 1, "method": "*", "path": "*", "retryAfter": 1}: a seeded share of matching requests fail. DELETE turns it off.',
  'POST /__fake/faults/actions':
    '{"action": "publish", "sourceIds": ["my-ad"], "times": 1, "message": "..."}: the worker ends that action in `error`.',
  'POST /__fake/flush': 'Run all queued asynchronous work now.',
  'POST /__fake/clock/advance': '{"ms": 60000}: move a manual clock forward (due work runs); 400 on the real clock (use /__fake/flush).',
  'PUT /__fake/latency': '{"latencyMs": 0}: delay of each asynchronous step.',
  'POST /__fake/tokens':
    '{"scope": "dealer_code", "dealer_code": "D1"} or {"scope": "dealer_group", "dealer_group": "G1", "dealer_codes": ["D1"]}: a signed token.',
  'POST /__fake/seed/v3':
    '{"category_id": 1062, "source_id": "old-boat", "dealer_code": "D1", "published": true, "fields": {...}}: store a V3 ad.',
  'POST /__fake/seed/admin':
    '{"registration_number": "ABC123", "dealer_code": "D1", "blocket_ad_id": "..."}: an ad only in Blocket Admin; the first POST with that licence plate links to it.',
  'PUT /__fake/bump-permission':
    '{"dealer_code": "D1", "allowed": false}: revoke (or grant) a dealer\'s bump permission; every dealer has it by default.',
  'GET /__fake/state': 'The whole state as JSON (what --state saves).',
  'PUT /__fake/state': 'Replace the state with a saved one.',
  'POST /__fake/reset': 'Forget every ad, job and fault.',
};

const badAdmin = (detail: string) => json(400, { detail });

/** Handles `/__fake/...` on the HTTP face. No token: the server binds to 127.0.0.1 unless told otherwise. */
export function handleAdmin(fake: ProImportFake, request: AdminRequest): FakeResponse<string> {
  const read = readAdminRequest({ ...request, path: request.relative });
  if ('answer' in read) return read.answer;
  const { route, body } = read;
  const input = <S extends z.ZodType>(schema: S): z.output<S> => parseInput(schema, body, route);
  try {
    switch (route) {
      case 'GET /__fake':
        return json(200, {
          endpoints: ADMIN_ENDPOINTS,
          latencyMs: fake.latencyMs,
          pendingJobs: fake.pendingJobs(),
        });
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
      case 'POST /__fake/faults/actions':
        fake.faults.failAction(input(ActionFaultSchema));
        return json(201, fake.faults.describe());
      case 'POST /__fake/flush':
        input(NoBodySchema);
        fake.flush();
        return json(200, { pendingJobs: fake.pendingJobs() });
      case 'POST /__fake/clock/advance':
        if (!(fake.clock instanceof ManualClock))
          return badAdmin('POST /__fake/clock/advance: the fake runs on the real clock; use POST /__fake/flush to run queued work now');
        fake.clock.advance(input(AdvanceClockSchema).ms);
        return json(200, { now: new Date(fake.clock.now()).toISOString(), pendingJobs: fake.pendingJobs() });
      case 'PUT /__fake/latency':
        fake.latencyMs = input(LatencySchema).latencyMs;
        return json(200, { latencyMs: fake.latencyMs });
      case 'POST /__fake/tokens':
        if (body.scope !== 'dealer_code' && body.scope !== 'dealer_group') {
          return badAdmin(
            'POST /__fake/tokens: "scope" must be "dealer_code" (with "dealer_code") or "dealer_group" (with "dealer_group" and "dealer_codes")',
          );
        }
        return json(201, { token: createTestToken(input(TokenClaimsSchema) as TokenClaims, { secret: fake.jwtSecret }) });
      case 'PUT /__fake/bump-permission': {
        const { dealer_code, allowed } = input(BumpPermissionSchema);
        fake.setBumpPermission(dealer_code, allowed);
        return json(200, { dealer_code, allowed });
      }
      case 'POST /__fake/seed/v3':
        return json(201, fake.seedV3Ad(input(SeedV3AdSchema)));
      case 'POST /__fake/seed/admin':
        return json(201, fake.seedAdminAd(input(SeedAdminAdSchema)));
      case 'GET /__fake/state':
        // Sent piece by piece: a state may be larger than the largest string.
        return jsonStream(200, fake.snapshot());
      case 'PUT /__fake/state':
        fake.load(body as unknown as FakeSnapshot);
        return json(200, { ads: fake.listAds().length });
      case 'POST /__fake/reset':
        input(NoBodySchema);
        fake.reset();
        return json(200, { ads: 0 });
      default:
        return json(404, { detail: `No admin endpoint ${route}. See GET /__fake/ for the list.` });
    }
  } catch (error) {
    // Input errors already name the route (or the fake method that refused); anything else gets it here.
    const message = (error as Error).message;
    if (error instanceof InputError && message.startsWith(route)) return badAdmin(message);
    return badAdmin(`${route}: ${message}`);
  }
}
