import { fillPath, type CallInput, type Runtime } from './http.js';
import type { OperationSpec } from './operation.js';
import type { CallOptions } from './types.js';

type Page = { next?: string | null; results?: unknown[] };

/**
 * Where the next page is. The server's `next` link is followed as given when it starts with the configured base
 * URL; otherwise (a proxy that rewrites hosts or schemes, or a link to another host, which must not receive the
 * token) the next page is rebuilt from the call's own path and filters with `offset` moved past what was read.
 */
export function nextPageUrl(rt: Pick<Runtime, 'baseUrl' | 'serializeQuery'>, next: string, op: OperationSpec, input: CallInput, offset: number, limit: number): string {
  const baseUrl = rt.baseUrl;
  if (next.startsWith(`${baseUrl}/`) || next.startsWith(`${baseUrl}?`)) return next.slice(baseUrl.length);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(rt.serializeQuery(input.query))) query.set(key, String(value));
  query.set('limit', String(limit));
  query.set('offset', String(offset));
  return `${fillPath(op.path, input.path)}?${query.toString()}`;
}

/**
 * Every item of a limit/offset paginated list, fetching the next page only when the previous one is used up.
 *
 * @example
 * for await (const ad of paginate(rt, OPERATIONS.v4_ad_list, { query: { limit: 100 } })) console.log(ad);
 */
export async function* paginate<T>(rt: Runtime, op: OperationSpec, input: CallInput, options?: CallOptions): AsyncIterableIterator<T> {
  let page = (await rt.send<Page>(op, input, options)).data;
  let offset = Number(input.query?.offset ?? 0);
  const requestedLimit = input.query?.limit;
  for (;;) {
    const results = Array.isArray(page.results) ? page.results : [];
    for (const item of results) yield item as T;
    if (typeof page.next !== 'string' || page.next === '' || results.length === 0) return;
    offset += results.length;
    const limit = typeof requestedLimit === 'number' ? requestedLimit : results.length;
    page = (await rt.sendTo<Page>(op, nextPageUrl(rt, page.next, op, input, offset, limit), options)).data;
  }
}
