import { isIP } from 'node:net';
import { isJsonContentType, mediaTypeOf } from './body.js';

/**
 * Which requests a fake's HTTP face takes from where: see `checkLocalRequest`.
 *
 * @example
 * const policy: LocalRequestPolicy = { allowHosts: ['fake.test'], isAdmin: (path) => path.startsWith('/__fake') };
 */
export type LocalRequestPolicy = {
  /**
   * Host names accepted besides IP addresses, `localhost` and `*.localhost` (and `listenHost`): `fake.test` (that
   * name), `.fake.test` (it and every name under it), or `*` (any name: the DNS-rebinding check is off).
   */
  allowHosts?: readonly string[];
  /** The interface the server binds: a name given there (`--host my-box.lan`) is accepted as a Host too. */
  listenHost?: string;
  /**
   * Whether a path (no query) is part of the admin API, whose writes must come from the fake's own origin and send
   * JSON. Default: any path with a `__fake` segment (`/__fake/reset`, `/pro-import-api/__fake/state`).
   */
  isAdmin?: (path: string) => boolean;
};

/**
 * Why `checkLocalRequest` refused a request: `host` (a name that is not this fake's, 403), `cross-origin` (an admin
 * write from another site, 403) or `media-type` (an admin write that is not JSON, 415), with a message that says what
 * was wrong and what to do.
 *
 * @example
 * const refusal: LocalRequestRefusal = { status: 403, reason: 'host', detail: 'Host "attacker.example" is not ...' };
 */
export type LocalRequestRefusal = { status: 403 | 415; reason: 'host' | 'cross-origin' | 'media-type'; detail: string };

/** The request as the guard reads it: method, path (no query) and headers by lower-case name. */
export type GuardedRequest = { method: string; path: string; header(name: string): string | null };

const DEFAULT_IS_ADMIN = (path: string): boolean => /(^|\/)__fake(\/|$)/.test(path);
/** Methods a browser sends cross-site without a CORS preflight when the body is text, a form or nothing. */
const BODY_WRITES = new Set(['POST', 'PUT', 'PATCH']);
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A Host header: a name or IPv4 address, or a bracketed IPv6 address, and an optional port (nothing else). */
const HOST_HEADER = /^(?:\[([0-9a-f:.]+)\]|([^\s/\\@?#[\]:]+))(?::\d{1,5})?$/i;

/** The host name of a Host header (`[::1]:4010` -> `::1`, `LocalHost.:80` -> `localhost`), or `undefined`. */
function hostNameOf(host: string): string | undefined {
  const match = HOST_HEADER.exec(host.trim());
  if (match === null) return undefined;
  return (match[1] ?? match[2] ?? '').replace(/\.$/, '').toLowerCase();
}

function hostAllowed(name: string, policy: LocalRequestPolicy): boolean {
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  if (policy.listenHost !== undefined && name === policy.listenHost.toLowerCase()) return true;
  return (policy.allowHosts ?? []).some((allowed) => {
    const entry = allowed.toLowerCase();
    if (entry === '*') return true;
    if (entry.startsWith('.')) return name === entry.slice(1) || name.endsWith(entry);
    return name === entry;
  });
}

/**
 * The one check every request to a fake's HTTP face passes before anything else, so that no web page the developer
 * opens can drive the fake (its admin API has no token: it resets the state and mints dealer tokens):
 *
 * - **Host** (every request, API and admin): the name must be an IP address, `localhost` or `*.localhost`, the
 *   interface the fake binds, or one of `allowHosts`. A page on `attacker.example` whose DNS answer is switched to
 *   127.0.0.1 (DNS rebinding) reaches the fake with `Host: attacker.example`, so it is refused with 403; an IP
 *   address cannot be rebound (the page's origin would be that address), so it needs no allowing. A request without
 *   Host (HTTP/1.0, no browser sends one) passes.
 * - **Admin writes** (POST, PUT, PATCH, DELETE on an admin path): refused with 403 when `Sec-Fetch-Site` says
 *   another site or origin sent it (`cross-site`, `same-site`), or when `Origin` is not the fake's own
 *   (`http://<Host>`; `Origin: null` too). Programs (curl, tests, the kit's clients) send neither header.
 * - **Admin bodies** (POST, PUT, PATCH on an admin path): `Content-Type` must be JSON (`application/json` or a `+json`
 *   type), even without a body: a page may send `text/plain`, a form or nothing cross-site without a CORS preflight,
 *   but never JSON, so an old browser that sends no `Origin` cannot reset the state either (415).
 *
 * Answers `undefined` (go on) or the refusal. A page the fake itself serves (a web view on its own port) passes
 * every check: it is the fake's own origin. The msw face does not use it: msw answers inside the test process (or
 * the page's own service worker), where no other site can reach it.
 *
 * @example
 * const refusal = checkLocalRequest({ method: 'POST', path: '/__fake/reset', header: (name) => headers[name] ?? null }, {});
 * if (refusal !== undefined) return json(refusal.status, { detail: refusal.detail });
 */
export function checkLocalRequest(request: GuardedRequest, policy: LocalRequestPolicy = {}): LocalRequestRefusal | undefined {
  const host = request.header('host');
  if (host !== null) {
    const name = hostNameOf(host);
    if (name === undefined || !hostAllowed(name, policy))
      return {
        status: 403,
        reason: 'host',
        detail: `Blocked request: Host "${host}" is not this fake's address. The fake answers requests to localhost and IP addresses only, so a web page cannot reach it through a DNS name it controls (DNS rebinding); to call it by this name, start it with --allow-host ${name ?? '<name>'}.`,
      };
  }
  const method = request.method.toUpperCase();
  if (READS.has(method) || !(policy.isAdmin ?? DEFAULT_IS_ADMIN)(request.path)) return undefined;
  const site = request.header('sec-fetch-site');
  const origin = request.header('origin');
  const own = host === null ? undefined : `http://${host}`.toLowerCase();
  if ((site !== null && site !== 'same-origin' && site !== 'none') || (origin !== null && origin.toLowerCase() !== own))
    return {
      status: 403,
      reason: 'cross-origin',
      detail: `Blocked request: ${method} ${request.path} came from another site (${origin !== null ? `Origin ${origin}` : `Sec-Fetch-Site ${site}`}). The admin API takes writes from programs (curl, tests) and from the fake's own pages only.`,
    };
  if (BODY_WRITES.has(method) && !isJsonContentType(request.header('content-type')))
    return {
      status: 415,
      reason: 'media-type',
      detail: `${method} ${request.path}: admin writes must send Content-Type: application/json (got ${mediaTypeOf(request.header('content-type')) || 'none'}), also without a body.`,
    };
  return undefined;
}
