import {
  applyHttpFault,
  DEFAULT_BODY_LIMITS,
  DEFAULT_QUOTA_BYTES,
  guardHandler,
  json,
  parseJsonBody,
  quotaDetail,
  Router,
  type BodyLimits,
  type FakeRequest,
  type FakeResponse,
} from '@x/fake-runtime';
import type { ProImportFake } from '../fake/fake.js';
import { TokenError, verifyToken } from '../fake/tokens.js';
import { ROUTES } from '../generated/routes.gen.js';
import { handleAdmin } from './admin.js';
import { schemaDocument } from './docs.js';
import { dealerQuota, plannedWrite } from './quota.js';

/** Where the API lives under the host, as in production (`https://api.blocket.se/pro-import-api`). */
export const BASE_PATH = '/pro-import-api';

export type HandlerOptions = {
  /** Path prefix of the API. Default `/pro-import-api`. */
  basePath?: string;
  /** Serve the `/__fake/` admin API (the HTTP server does; msw handlers do not unless asked). */
  admin?: boolean;
  limits?: Partial<BodyLimits>;
  /** How to wait for injected slowness (tests can replace it). Default: a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** The largest body `PUT /__fake/state` takes (a whole state). Default 256 MiB. */
  maxStateBytes?: number;
  /**
   * The most one dealer may store in this fake, in bytes (about: its ads as JSON). The fake's own limit, not the
   * API's: past it a create or update is refused with 413 and nothing is stored. Default 256 MiB.
   */
  quotaBytes?: number;
};

const router = new Router(ROUTES);
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

const FAULT_DETAIL: Record<number, string> = {
  429: 'Request was throttled.',
  500: 'A server error occurred.',
  502: 'Bad gateway.',
  503: 'Service temporarily unavailable, try again later.',
  504: 'Gateway timeout.',
};

/**
 * The one request handler behind both faces. Never throws: anything unexpected becomes a JSON 500 that says what
 * failed, so a client under test always gets an HTTP answer.
 */
export async function handleRequest(
  fake: ProImportFake,
  request: FakeRequest,
  options: HandlerOptions = {},
): Promise<FakeResponse<string>> {
  const response = await guardHandler(
    (req: FakeRequest) => handleUnsafe(fake, req, options),
    (error, req) =>
      json(500, {
        detail: `The fake failed to handle ${req.method} request: ${(error as Error).message ?? String(error)}`,
      }),
  )(request);
  // With autoAdvance, queued work runs now: the answer above shows the state before it, the next request after it.
  fake.afterRequest();
  return response;
}

async function handleUnsafe(
  fake: ProImportFake,
  request: FakeRequest,
  options: HandlerOptions,
): Promise<FakeResponse<string>> {
  const basePath = (options.basePath ?? BASE_PATH).replace(/\/+$/, '');
  const limits = { ...DEFAULT_BODY_LIMITS, ...options.limits };
  const method = request.method.toUpperCase();
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return json(400, { detail: 'The request URL cannot be parsed.' });
  }
  const path = url.pathname;
  if (path !== basePath && !path.startsWith(`${basePath}/`)) {
    return json(404, {
      detail: `Not found. The API is served under ${basePath}/ (for example ${basePath}/v4/ad).`,
    });
  }
  const relative = path.slice(basePath.length) || '/';
  if (options.admin === true && (relative === '/__fake' || relative.startsWith('/__fake/'))) {
    // An admin write may replace, reset or seed the state: the dealers' storage is measured again.
    if (method !== 'GET' && method !== 'HEAD') dealerQuota(fake).invalidate();
    return handleAdmin(fake, {
      method,
      relative,
      url,
      body: request.body,
      contentType: request.header('content-type'),
      limits,
      ...(options.maxStateBytes === undefined ? {} : { maxStateBytes: options.maxStateBytes }),
    });
  }
  if (relative === '/docs/schema' || relative === '/docs/schema/') {
    if (method !== 'GET' && method !== 'HEAD')
      return json(405, { detail: `Method "${method}" not allowed.` }, { allow: 'GET' });
    const doc = schemaDocument(url.searchParams.get('format'));
    return { status: 200, headers: { 'content-type': doc.contentType }, body: doc.body };
  }

  const injected = await applyHttpFault(fake.faults, method, relative, {
    respond: (status, retryAfter) =>
      json(status, {
        detail: status === 429 ? `Request was throttled. Expected available in ${retryAfter} seconds.` : FAULT_DETAIL[status],
      }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  if (injected !== undefined) return injected;

  // HEAD is GET without a body (the server drops the body), as in Django.
  const match = router.match(method === 'HEAD' ? 'GET' : method, relative);
  if (match.kind === 'not-found') return json(404, { detail: 'Not found.' });
  if (match.kind === 'method-not-allowed') {
    return json(405, { detail: `Method "${method}" not allowed.` }, { allow: match.allowed.join(', ') });
  }

  let principal;
  try {
    principal = verifyToken(request.header('x-auth-token'), {
      secret: fake.jwtSecret,
      now: fake.clock.now(),
    });
  } catch (error) {
    if (error instanceof TokenError) return json(401, { detail: `Invalid token: ${error.message}` });
    throw error;
  }

  let body: unknown = undefined;
  if (WITH_BODY.has(method)) {
    const parsed = parseJsonBody(request.body, request.header('content-type'), limits);
    if (!parsed.ok) return json(parsed.status, { detail: parsed.detail });
    body = parsed.value;
  }

  const write = plannedWrite(fake, { methodName: match.route.methodName, params: match.params, principal, body, bytes: request.body?.length ?? 0 });
  if (write !== undefined) {
    const refusal = dealerQuota(fake).admit({ ...write, limitBytes: options.quotaBytes ?? DEFAULT_QUOTA_BYTES });
    if (refusal !== undefined) return json(413, { detail: quotaDetail(refusal, { who: 'dealer', flag: '--quota-mib' }) });
  }
  const result = fake.dispatch({
    route: match.route,
    params: match.params,
    principal,
    query: url.searchParams,
    body,
    url,
  });
  if (write !== undefined && result.status < 300) dealerQuota(fake).record(write);
  return json(result.status, result.body, result.headers);
}
