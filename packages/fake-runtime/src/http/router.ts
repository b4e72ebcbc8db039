import type { RouteDef } from '../generated-types.js';

type Compiled = {
  route: RouteDef;
  segments: Array<{ literal: string } | { param: string }>;
  literals: number;
};

function compile(route: RouteDef): Compiled {
  const segments = route.path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      const m = /^\{(.+)\}$/.exec(s);
      return m?.[1] !== undefined ? { param: m[1] } : { literal: s };
    });
  return { route, segments, literals: segments.filter((s) => 'literal' in s).length };
}

/**
 * What the router says about a path and method: the route and its decoded `{param}` values, a 405 with the
 * methods the path has, or a 404.
 *
 * @example
 * const match: RouteMatch = router.match('GET', '/v1/listings/abc');
 * if (match.kind === 'found') match.params.uuid; // 'abc'
 */
export type RouteMatch =
  | { kind: 'found'; route: RouteDef; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

/**
 * Matches requests against an API's route table (generated from its spec). Path segments are percent-decoded (an
 * undecodable one is a 404) and a `{param}` never matches an empty segment. A path that several templates match
 * goes to the one with the most literal segments (`POST /v4/car/validate` beats `/v4/car/{source_id}`); a path
 * that exists without the method is a 405.
 *
 * @example
 * const router = new Router(ROUTES);               // ROUTES from src/generated/routes.gen.ts
 * router.match('PUT', '/v1/listings/abc/media');   // { kind: 'found', route, params: { uuid: 'abc' } }
 * router.match('PATCH', '/v1/listings/abc');       // { kind: 'method-not-allowed', allowed: ['DELETE', 'GET', 'PUT'] }
 */
export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: readonly RouteDef[]) {
    this.compiled = routes.map(compile);
  }

  /** The route for `method` (any case) and `path` (relative to the API's base URL). */
  match(method: string, path: string): RouteMatch {
    const parts = path.split('/').filter((s) => s !== '');
    let decoded: string[];
    try {
      decoded = parts.map((p) => decodeURIComponent(p));
    } catch {
      return { kind: 'not-found' };
    }
    const candidates: Array<{ compiled: Compiled; params: Record<string, string> }> = [];
    for (const compiled of this.compiled) {
      if (compiled.segments.length !== decoded.length) continue;
      const params: Record<string, string> = {};
      const ok = compiled.segments.every((segment, i) => {
        const value = decoded[i] ?? '';
        if ('literal' in segment) return segment.literal === value;
        params[segment.param] = value;
        return value !== '';
      });
      if (ok) candidates.push({ compiled, params });
    }
    if (candidates.length === 0) return { kind: 'not-found' };
    const lower = method.toLowerCase();
    const withMethod = candidates
      .filter((c) => c.compiled.route.method === lower)
      .sort((a, b) => b.compiled.literals - a.compiled.literals);
    const best = withMethod[0];
    if (best !== undefined) return { kind: 'found', route: best.compiled.route, params: best.params };
    const allowed = [...new Set(candidates.map((c) => c.compiled.route.method.toUpperCase()))].sort();
    return { kind: 'method-not-allowed', allowed };
  }
}
