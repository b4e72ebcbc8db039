import { API } from './generated/api.gen.js';
import {
  checkClientOptions,
  checkHttpUrl,
  createRuntime,
  debugLogger,
  readEnv,
  retrySettingsOf,
  settingFromEnv,
  staticToken,
  type DebugLog,
  type Middleware,
  type PayloadValidator,
  type RetryOptions,
  type Runtime,
  type WarningHandler,
} from '@x/client-runtime';
import { serializeQuery } from './runtime/dates.js';
import { resolveDuplicateCreate } from './runtime/duplicate.js';
import { proImportErrors } from './runtime/errors.js';

/** The settings of `createProImportRuntime`: the client's, with `validate` taking a validator (see `proImportValidator`). */
export type ProImportRuntimeOptions = Omit<ProImportClientOptions, 'validate'> & {
  /**
   * A validator that checks bodies before they are sent: `proImportValidator()` for the package's own (a type's
   * validators load on its first validated call), or your own. Default: none.
   */
  validate?: PayloadValidator;
};

export type ProImportClientOptions = {
  /**
   * The JWT sent as `X-Auth-Token`. Kept in a closure: no error, log or serialization of the client shows it.
   * Default: the environment variable `PRO_IMPORT_TOKEN` (read where the runtime has an environment: Node, Bun, Deno).
   */
  token?: string;
  /**
   * Default: the environment variable `PRO_IMPORT_BASE_URL` when it is set (a proxy, the testkit's fake), else
   * production, `https://api.blocket.se/pro-import-api`.
   */
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
 * The runtime a namespace runs on, for an app that builds only the namespaces it uses: a bundler then drops the other
 * resources (`createProImportClient` holds all of them). The settings and their defaults are the client's; `client.use()`
 * is `runtime.use()`.
 *
 * @example
 * import { CarNamespace, createProImportRuntime } from '@x/pro-import-client/core';
 * const car = new CarNamespace(createProImportRuntime({ token: process.env.PRO_IMPORT_TOKEN! }));
 * const ad = await car.get('car-1');
 */
export function createProImportRuntime(options: ProImportRuntimeOptions = {}): Runtime {
  return runtimeOf(options, 'createProImportRuntime', 'runtime', (validate) => validate as PayloadValidator | undefined);
}

/**
 * @internal The runtime of either entry point. The options are checked once, at once, in one line naming the option
 * (never its value): an unknown name (`timeout` for `timeoutMs`), a setting of the wrong kind, a base URL that is not
 * one. `what` names the caller's function; `validateForms` says which `validate` values it takes (`client`: `true`,
 * `false`, `'strict'` or a function; `runtime`: a function), and `validatorOf` turns the checked value into a validator.
 */
export function runtimeOf(
  given: ProImportClientOptions | ProImportRuntimeOptions,
  what: string,
  validateForms: 'client' | 'runtime',
  validatorOf: (validate: unknown) => PayloadValidator | undefined,
): Runtime {
  if (API.auth.type !== 'api-key') throw new TypeError(`${what}: the API config says this API does not authenticate with a token`);
  checkClientOptions(given, { what, authKeys: ['token'], needs: '{ token }', validate: validateForms, validatorHint: 'proImportValidator()' });
  const options = given as Omit<ProImportRuntimeOptions, 'validate'>;
  const token = settingFromEnv({ given: options.token, option: 'token', variable: API.auth.tokenEnv, what });
  const auth = staticToken({ header: API.auth.header, token, what });
  const debug = debugLogger('pro-import', options.debug);
  const validator = validatorOf(given.validate);
  return createRuntime({
    auth,
    errors: proImportErrors,
    serializeQuery,
    resolveAmbiguousCreate: resolveDuplicateCreate,
    baseUrl: baseUrlOf(what, options.baseUrl),
    // Without a fetch of the caller's, the runtime calls the platform's with the URL and init (no Request in between).
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: retrySettingsOf(what, options.retry),
    ...(options.userAgent !== undefined ? { userAgent: options.userAgent } : {}),
    ...(validator !== undefined ? { validator } : {}),
    ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
    ...(options.middleware !== undefined ? { middleware: options.middleware } : {}),
    ...(debug !== undefined ? { debug } : {}),
  });
}

/** The `baseUrl` option, else `PRO_IMPORT_BASE_URL`, else production; a bad one is named by where it came from. */
function baseUrlOf(what: string, given: string | undefined): string {
  const fromEnv = given === undefined ? readEnv(API.baseUrlEnv).value : undefined;
  const name = fromEnv === undefined ? 'baseUrl' : `${API.baseUrlEnv} (the default of baseUrl)`;
  return checkHttpUrl(what, name, given ?? fromEnv ?? API.baseUrl, API.baseUrl, 'pass the token as token');
}
