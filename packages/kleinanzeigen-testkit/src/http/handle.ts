import {
  applyHttpFault,
  DEFAULT_BODY_LIMITS,
  DEFAULT_QUOTA_BYTES,
  empty,
  guardHandler,
  isRecord,
  json,
  parseJsonBody,
  quotaDetail,
  Router,
  type BodyLimits,
  type FakeRequest,
  type FakeResponse,
} from '@x/fake-runtime';
import type { KleinanzeigenFake } from '../fake/fake.js';
import { instancesOf, problem, problemB, problemBody, type ApiResult, type ProblemPlace } from '../fake/problems.js';
import { ROUTES } from '../generated/routes.gen.js';
import { handleAdmin } from './admin.js';
import { openapiText } from './docs.js';
import { ADMIN_PATH, canonicalGoodsPath, GOODS_BASE, OPENAPI_PATH, STORAGE_PATH, TOKEN_PATH } from './paths.js';
import { accountQuota, createdKey, imageKey, plannedWrite } from './quota.js';
import { decoded, handleStorage, storageError } from './storage.js';
import { handleToken } from './token.js';

/**
 * Options of `handleKleinanzeigenRequest` (and of the two faces).
 *
 * @example
 * handleKleinanzeigenRequest(fake, request, { admin: true, sleep: async () => undefined });
 */
export type HandlerOptions = {
  /** Serve the `/__fake/` admin API (the HTTP server does; msw handlers do not unless asked). */
  admin?: boolean;
  limits?: Partial<BodyLimits>;
  /** How to wait for injected slowness (tests can replace it). Default: a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** The largest body `PUT /__fake/state` takes (a whole state, images included). Default 256 MiB. */
  maxStateBytes?: number;
  /**
   * The most one account may store in this fake, in bytes (about: its listings, imprints, publications and uploaded
   * images as the state holds them). The fake's own limit, not the API's: past it a write or an upload is refused
   * with 413 and nothing is stored. Default 256 MiB.
   */
  quotaBytes?: number;
};

const QUOTA_WORDS = { who: 'account', flag: '--quota-mib' };

/** The goods routes (the token operation lives on its own server, not in this table). */
const router = new Router(ROUTES);

/** Operations that read a JSON body (`@RequestBody`); the others ignore any body. */
const WITH_BODY = new Set([
  'createimprint',
  'requestticket',
  'createlisting',
  'updatelisting',
  'addmedia',
  'ordermedia',
  'createpublication',
  'updatepublication',
]);
/** The publication-state operations answer style-B problems (G-23). */
const STYLE_B = new Set(['updatepublication', 'updatepublicationstate']);

const FAULT_DETAIL: Record<number, string> = {
  429: 'Too many requests: the rate limit was exceeded (injected by the fake).',
  500: 'Internal server error (injected by the fake).',
  502: 'Bad gateway (injected by the fake).',
  503: 'Service unavailable, try again later (injected by the fake).',
  504: 'Gateway timeout (injected by the fake).',
};

function render(result: ApiResult): FakeResponse {
  return result.body === undefined ? empty(result.status, result.headers) : json(result.status, result.body, result.headers);
}

/** The JSON body of an operation, or the problem Spring answers when it cannot be read into the operation's DTO. */
type BodyRead = { ok: true; body: Record<string, unknown> } | { ok: false; status: number; detail: string };

function readBody(request: FakeRequest, limits: BodyLimits): BodyRead {
  const unreadable: BodyRead = { ok: false, status: 400, detail: 'Failed to read request' };
  if (request.body === null || request.body.length === 0) return unreadable;
  const contentType = request.header('content-type');
  const parsed = parseJsonBody(request.body, contentType, limits);
  if (!parsed.ok) {
    if (parsed.reason === 'too-large') return { ok: false, status: 413, detail: parsed.detail };
    if (parsed.reason === 'media-type')
      return { ok: false, status: 415, detail: `Content-Type '${contentType ?? 'application/octet-stream'}' is not supported.` };
    return unreadable;
  }
  // A JSON value that is not an object cannot be read into any of the API's request objects.
  return isRecord(parsed.value) ? { ok: true, body: parsed.value } : unreadable;
}

async function handleGoods(
  fake: KleinanzeigenFake,
  request: FakeRequest,
  url: URL,
  method: string,
  options: HandlerOptions,
): Promise<FakeResponse> {
  const canonical = canonicalGoodsPath(url.pathname.slice(GOODS_BASE.length));
  const place: ProblemPlace = instancesOf(canonical, url.search);
  const injected = await applyHttpFault(fake.faults, method, canonical, {
    respond: (status) => json(status, problemBody(status, FAULT_DETAIL[status] ?? 'Injected failure.', place.instance)),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  if (injected !== undefined) return injected;

  // Spring Security authenticates before anything is routed: without a valid token every path is a 401.
  const principal = fake.authenticate(request.header);
  if ('status' in principal) {
    const detail = principal.status === 401 ? 'Missing, invalid or expired access token' : `The access token is not valid for the audience consumer-goods-api`;
    return render({ ...problem(place, principal.status, detail), headers: { 'www-authenticate': principal.challenge } });
  }

  // HEAD is GET without a body (the server drops it).
  const match = router.match(method === 'HEAD' ? 'GET' : method, canonical);
  if (match.kind === 'not-found')
    return render(problem(place, 404, `No operation ${method} ${GOODS_BASE}${canonical}; the operations are listed in ${OPENAPI_PATH}.`));
  if (match.kind === 'method-not-allowed')
    return render({ ...problem(place, 405, `Method '${method}' is not supported.`), headers: { allow: match.allowed.join(', ') } });

  const operation = match.route.operationId;
  let body: Record<string, unknown> = {};
  if (WITH_BODY.has(operation)) {
    const read = readBody(request, { ...DEFAULT_BODY_LIMITS, ...options.limits });
    if (!read.ok) return render((STYLE_B.has(operation) ? problemB : problem)(place, read.status, read.detail));
    body = read.body;
  }
  const write = plannedWrite(operation, { tenant: principal.userId, params: match.params, bytes: request.body?.length ?? 0 });
  const quota = accountQuota(fake);
  if (write !== undefined) {
    const refusal = quota.admit({ ...write, limitBytes: options.quotaBytes ?? DEFAULT_QUOTA_BYTES });
    if (refusal !== undefined) return render(problem(place, 413, quotaDetail(refusal, QUOTA_WORDS)));
  }
  const result = fake.dispatch({
    route: match.route,
    call: { principal, params: match.params, query: url.searchParams, body, origin: url.origin, place },
  });
  if (write !== undefined && result.status < 300) quota.record({ ...write, key: createdKey(operation, result.body) ?? write.key });
  return render(result);
}

/** A presigned upload within the uploading account's quota (its image replaces what the ticket held), then stored. */
function handleUpload(fake: KleinanzeigenFake, request: FakeRequest, url: URL, method: string, options: HandlerOptions): FakeResponse {
  const ticketUuid = decoded(url.pathname.slice(url.pathname.lastIndexOf('/') + 1));
  const quota = accountQuota(fake);
  const tenant = method === 'PUT' && ticketUuid !== undefined ? quota.tenantOf(imageKey(ticketUuid)) : undefined;
  if (tenant === undefined || ticketUuid === undefined) return handleStorage(fake, request, url, method);
  // Stored as base64, as the state holds it.
  const write = { tenant, key: imageKey(ticketUuid), bytes: Math.ceil((request.body?.length ?? 0) / 3) * 4, mode: 'replace' as const };
  const refusal = quota.admit({ ...write, limitBytes: options.quotaBytes ?? DEFAULT_QUOTA_BYTES });
  if (refusal !== undefined) return storageError(413, 'EntityTooLarge', quotaDetail(refusal, QUOTA_WORDS));
  const response = handleStorage(fake, request, url, method);
  if (response.status < 300) quota.record(write);
  return response;
}

/**
 * The one request handler behind both faces: the goods API under `/api/goods` (aliases included), the token
 * endpoint, the OpenAPI document, the storage and (when asked) the admin API. Never throws: anything unexpected is
 * a style-A 500 that says what failed.
 *
 * @example
 * const reply = await handleKleinanzeigenRequest(fake, {
 *   method: 'GET',
 *   url: 'https://developer.kleinanzeigen.de/api/goods/v1/listings/123',
 *   header: (name) => (name === 'authorization' ? `Bearer ${fake.token()}` : null),
 *   body: null,
 * }); // { status: 404, headers: {...}, body: '{"type":"about:blank",...}' }
 */
export async function handleKleinanzeigenRequest(
  fake: KleinanzeigenFake,
  request: FakeRequest,
  options: HandlerOptions = {},
): Promise<FakeResponse> {
  const response = await guardHandler(
    (req: FakeRequest) => route(fake, req, options),
    (error, req) => json(500, problemBody(500, `The fake failed to handle ${req.method} ${safePath(req.url)}: ${(error as Error).message ?? String(error)}`, safePath(req.url))),
  )(request);
  // With autoAdvance, pending validations end now: the answer above shows the state before, the next request after.
  fake.afterRequest();
  return response;
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

async function route(fake: KleinanzeigenFake, request: FakeRequest, options: HandlerOptions): Promise<FakeResponse> {
  const method = request.method.toUpperCase();
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return json(400, problemBody(400, 'The request URL cannot be parsed.', request.url));
  }
  const path = url.pathname;
  const under = (base: string) => path === base || path.startsWith(`${base}/`);
  const limits = { ...DEFAULT_BODY_LIMITS, ...options.limits };

  if (under(ADMIN_PATH)) {
    if (options.admin !== true) return json(404, problemBody(404, 'Not found: the admin API is not served here.', path));
    // An admin write may replace or reset the state: the accounts' storage is measured again.
    if (method !== 'GET' && method !== 'HEAD') accountQuota(fake).invalidate();
    return handleAdmin(fake, {
      method,
      path,
      body: request.body,
      contentType: request.header('content-type'),
      limits,
      ...(options.maxStateBytes === undefined ? {} : { maxStateBytes: options.maxStateBytes }),
    });
  }
  if (path === OPENAPI_PATH) {
    if (method !== 'GET' && method !== 'HEAD') return json(405, problemBody(405, `Method '${method}' is not supported.`, path), { allow: 'GET, HEAD' });
    return { status: 200, headers: { 'content-type': 'application/json' }, body: openapiText() };
  }
  const faultPath = under(GOODS_BASE) ? undefined : path;
  if (faultPath !== undefined && (path === TOKEN_PATH || under(STORAGE_PATH))) {
    const injected = await applyHttpFault(fake.faults, method, faultPath, {
      respond: (status) =>
        under(STORAGE_PATH)
          ? storageError(status, status === 503 ? 'SlowDown' : 'InternalError', FAULT_DETAIL[status] ?? 'Injected failure.')
          : json(status, problemBody(status, FAULT_DETAIL[status] ?? 'Injected failure.', path)),
      ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    });
    if (injected !== undefined) return injected;
  }
  if (path === TOKEN_PATH) return handleToken(fake, request, method);
  if (under(STORAGE_PATH)) return handleUpload(fake, request, url, method, options);
  if (under(GOODS_BASE)) return handleGoods(fake, request, url, method, options);
  return json(
    404,
    problemBody(404, `Not found. The goods API is under ${GOODS_BASE}/v1/..., the token endpoint at ${TOKEN_PATH}.`, path),
  );
}
