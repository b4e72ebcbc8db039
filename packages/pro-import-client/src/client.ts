import { ProImportClient } from './generated/client.gen.js';
import { VALIDATOR_LOADERS } from './generated/resources.gen.js';
import { API } from './generated/api.gen.js';
import {
  createRuntime,
  debugLogger,
  DEFAULT_RETRY,
  lazyValidator,
  staticToken,
  type DebugLog,
  type Middleware,
  type PayloadValidator,
  type RetryOptions,
  type WarningHandler,
} from '@x/client-runtime';
import { serializeQuery } from './runtime/dates.js';
import { resolveDuplicateCreate } from './runtime/duplicate.js';
import { proImportErrors } from './runtime/errors.js';

export type ProImportClientOptions = {
  /** The JWT sent as `X-Auth-Token`. Kept in a closure: no error, log or serialization of the client shows it. */
  token: string;
  /** Default: production, `https://api.blocket.se/pro-import-api`. */
  baseUrl?: string;
  /** A fetch implementation (tests, proxies, instrumentation). Default: `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Per attempt. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retry settings, or `false` for none. Default `{ retries: 3, minDelayMs: 300, maxDelayMs: 10_000 }`. */
  retry?: RetryOptions | false;
  /** Sent as `User-Agent` where the platform allows it (browsers do not). */
  userAgent?: string;
  /**
   * `true`: check bodies with the package's validators before sending (a type's validators load on its first
   * validated call) and throw the same `ProImportValidationError` a 400 would, without sending. Only the rules the
   * documentation states refuse; the snapshot's reconstructed and inferred rules (PROVENANCE.md) go to `onWarning`.
   * `'strict'`: those refuse too. A function: your own validator. Default `false`.
   */
  validate?: boolean | 'strict' | PayloadValidator;
  /**
   * Called with the warnings of a validated body before it is sent: rules the documentation does not state (an
   * unknown brand while the catalogue is reconstructed, an unknown field). The body is sent all the same.
   */
  onWarning?: WarningHandler;
  /**
   * Hooks around every attempt of every call, retries included, for logging, tracing and metrics: `onRequest`
   * (sees the request without the token; may answer a new one), `onResponse`, `onError`. `client.use()` adds more.
   */
  middleware?: Middleware[];
  /**
   * The debug log: a line per attempt, retry decision and outcome (never a header, a body or the token). `true`
   * writes to stderr, a function receives the lines, `false` turns it off. Default: on when the environment says
   * `X_DEBUG=pro-import` (or `DEBUG=x:pro-import`).
   */
  debug?: boolean | DebugLog;
};

/**
 * Creates a client for Blocket's Pro Import API.
 *
 * @example
 * const client = createProImportClient({ token: process.env.PRO_IMPORT_TOKEN! });
 * const ad = await client.car.create({ source_id: 'car-1', category_id: 1020, category_fields: { ... } });
 */
export function createProImportClient(options: ProImportClientOptions): ProImportClient {
  if (API.auth.type !== 'api-key') throw new TypeError('createProImportClient: the API config says this API does not authenticate with a token');
  const auth = staticToken({ header: API.auth.header, token: options.token, what: 'createProImportClient' });
  const validator =
    options.validate === true || options.validate === 'strict'
      ? lazyValidator(VALIDATOR_LOADERS, { strict: options.validate === 'strict' })
      : options.validate === false
        ? undefined
        : options.validate;
  const debug = debugLogger('pro-import', options.debug);
  const runtime = createRuntime({
    auth,
    errors: proImportErrors,
    serializeQuery,
    resolveAmbiguousCreate: resolveDuplicateCreate,
    baseUrl: options.baseUrl ?? API.baseUrl,
    // Without a fetch of the caller's, the runtime calls the platform's with the URL and init (no Request in between).
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: options.retry === false ? false : { ...DEFAULT_RETRY, ...options.retry },
    ...(options.userAgent !== undefined ? { userAgent: options.userAgent } : {}),
    ...(validator !== undefined ? { validator } : {}),
    ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
    ...(options.middleware !== undefined ? { middleware: options.middleware } : {}),
    ...(debug !== undefined ? { debug } : {}),
  });
  return new ProImportClient(runtime);
}
