/**
 * The checks every client's options share: a bad option fails at once with one line naming it and never its value
 * (it may be a secret pasted in the wrong place), instead of a network error four retries later.
 */
import { checkMiddleware } from './middleware.js';
import { DEFAULT_RETRY, type RetrySettings } from './retry.js';

/** The settings every client takes besides its credentials. */
export const COMMON_OPTION_KEYS = ['baseUrl', 'fetch', 'timeoutMs', 'retry', 'userAgent', 'validate', 'onWarning', 'middleware', 'debug'] as const;

/**
 * What `checkClientOptions` needs to know of one client.
 *
 * @example
 * const check: ClientOptionsCheck = { what: 'createShopClient', authKeys: ['token'], needs: '{ token }', validate: 'client', validatorHint: 'shopValidator()' };
 */
export type ClientOptionsCheck = {
  /** The function the caller called, first in every message. */
  what: string;
  /** The client's own option names (its credentials), listed before the common ones. */
  authKeys: readonly string[];
  /** What to pass, for a call without an options object: `{ token }`. */
  needs: string;
  /** `client`: `validate` is `true`, `false`, `'strict'` or a function; `runtime`: only a function. */
  validate: 'client' | 'runtime';
  /** The function that gives the package's validator, for a runtime given `validate: true`. */
  validatorHint: string;
};

/**
 * The `TypeError` of a bad option: `<what>: <message>`.
 *
 * @example
 * throw optionError('createShopClient', 'timeoutMs must be a positive number');
 */
export function optionError(what: string, message: string): TypeError {
  return new TypeError(`${what}: ${message}`);
}

/**
 * An absolute http(s) URL without user info (which would travel in every request and every error).
 *
 * @example
 * const baseUrl = checkHttpUrl('createShopClient', 'baseUrl', options.baseUrl ?? API.baseUrl, API.baseUrl, 'pass the token as token');
 */
export function checkHttpUrl(what: string, name: string, value: unknown, example: string, credentialsHint: string): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw optionError(what, `${name} must be an absolute http(s) URL such as ${example}`);
  if (url.username !== '' || url.password !== '') throw optionError(what, `${name} must not carry a user name or password; ${credentialsHint}`);
  return value as string;
}

function checkNumber(what: string, name: string, value: unknown, allowZero: boolean, allowInfinity = false): void {
  const finiteOrAllowed = typeof value === 'number' && (Number.isFinite(value) || (allowInfinity && value === Number.POSITIVE_INFINITY));
  if (!finiteOrAllowed || value < 0 || (!allowZero && value === 0)) throw optionError(what, `${name} must be a ${allowZero ? 'non-negative' : 'positive'} number`);
}

/**
 * The `retry` option as the runtime takes it: `false`, or the defaults with what was given (undefined keeps the
 * default), each checked.
 *
 * @example
 * retrySettingsOf('createShopClient', { retries: 5 }); // { retries: 5, minDelayMs: 300, maxDelayMs: 10_000 }
 */
export function retrySettingsOf(what: string, retry: unknown): RetrySettings | false {
  if (retry === undefined) return DEFAULT_RETRY;
  if (retry === false) return false;
  if (retry === null || typeof retry !== 'object') throw optionError(what, 'retry must be false or { retries?, minDelayMs?, maxDelayMs? }');
  const unknown = Object.keys(retry).filter((key) => !(key in DEFAULT_RETRY));
  if (unknown.length > 0) throw optionError(what, `unknown retry setting${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ')}; the settings are retries, minDelayMs, maxDelayMs`);
  const settings = { ...DEFAULT_RETRY, ...Object.fromEntries(Object.entries(retry).filter(([, v]) => v !== undefined)) } as RetrySettings;
  if (!Number.isInteger(settings.retries) || settings.retries < 0) throw optionError(what, 'retry.retries must be a whole number, 0 or more');
  checkNumber(what, 'retry.minDelayMs', settings.minDelayMs, true);
  checkNumber(what, 'retry.maxDelayMs', settings.maxDelayMs, true);
  return settings;
}

/**
 * Refuses options that cannot work: not an object, an unknown name (a typo such as `timeout` would otherwise be
 * ignored), and a common setting of the wrong kind. The credentials are the client's to check. Answers the options.
 *
 * @example
 * const record = checkClientOptions(options, { what: 'createShopClient', authKeys: ['token'], needs: '{ token }', validate: 'client', validatorHint: 'shopValidator()' });
 */
export function checkClientOptions(options: unknown, check: ClientOptionsCheck): Record<string, unknown> {
  const { what } = check;
  const fail = (message: string): never => {
    throw optionError(what, message);
  };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return fail(`needs an options object: ${check.needs}`);
  const record = options as Record<string, unknown>;
  const known = new Set<string>([...check.authKeys, ...COMMON_OPTION_KEYS]);
  const unknown = Object.keys(record).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    // Option names are short; a long one may be a secret pasted as a key: only its start is shown.
    const shown = unknown.map((key) => (key.length > 24 ? `${key.slice(0, 12)}...` : key));
    fail(`unknown option${unknown.length > 1 ? 's' : ''} ${shown.map((k) => `"${k}"`).join(', ')}; the options are ${[...check.authKeys, ...COMMON_OPTION_KEYS].join(', ')}`);
  }
  if (record['fetch'] !== undefined && typeof record['fetch'] !== 'function') fail('fetch must be a function (request) => Promise<Response>');
  // Infinity: no timeout (the runtime arms no timer).
  if (record['timeoutMs'] !== undefined) checkNumber(what, 'timeoutMs', record['timeoutMs'], false, true);
  const validate = record['validate'];
  if (check.validate === 'runtime' && validate !== undefined && typeof validate !== 'function') fail(`validate must be a validator function (${check.validatorHint} gives the package's)`);
  if (validate !== undefined && typeof validate !== 'boolean' && validate !== 'strict' && typeof validate !== 'function') fail("validate must be true, false, 'strict' or a validator function");
  if (record['onWarning'] !== undefined && typeof record['onWarning'] !== 'function') fail('onWarning must be a function');
  const middleware = record['middleware'];
  if (middleware !== undefined) {
    if (!Array.isArray(middleware)) fail('middleware must be an array of { onRequest?, onResponse?, onError? } objects');
    for (const [index, mw] of (middleware as unknown[]).entries()) {
      try {
        checkMiddleware(mw, `middleware[${index}]`);
      } catch (error) {
        fail((error as Error).message);
      }
    }
  }
  const debug = record['debug'];
  if (debug !== undefined && typeof debug !== 'boolean' && typeof debug !== 'function') fail('debug must be true, false or a function that receives each line');
  const userAgent = record['userAgent'];
  if (userAgent !== undefined && (typeof userAgent !== 'string' || /[\u0000-\u001f\u007f]/.test(userAgent))) fail('userAgent must be a string without control characters');
  return record;
}
