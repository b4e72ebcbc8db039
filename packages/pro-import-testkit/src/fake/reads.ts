import {
  requireAd,
  badRequest,
  isApiResult,
  type ApiResult,
  type Call,
  type Env,
} from './context.js';
import { generatedTitle, resourceFacts, resourceOfCategory } from './facts.js';
import type { FieldErrors } from './validation.js';
import type { AdIndex, OrderField } from './ad-index.js';
import { LOG_ACTIONS, type LogEntry, type StoredAd } from './types.js';
import { adView, logEntryView } from './view.js';

/** Page size when `limit` is absent, and the largest page served. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** GET .../{source_id}: the ad with its last 100 log entries. */
export function retrieveAd(env: Env, call: Call): ApiResult {
  const ad = requireAd(env, call);
  if (isApiResult(ad)) return ad;
  return { status: 200, body: adView(ad, { includeLog: true, fields: splitList(call.query.get('fields')) }) };
}

function splitList(raw: string | null): string[] {
  return raw === null
    ? []
    : raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

/** `YYYY-MM-DD HH:MM:SS` (UTC), also ISO 8601, to epoch ms. */
export function parseFilterTime(raw: string): number | undefined {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      raw.trim(),
    );
  if (m === null) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${m[7] ?? 'Z'}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

type Predicate = (ad: StoredAd) => boolean;

const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : '');

function title(ad: StoredAd): string {
  if (typeof ad.fields.title === 'string') return ad.fields.title;
  const resource = resourceOfCategory(ad.category_id);
  return ad.registered && resource !== undefined ? generatedTitle(resource, ad.fields.category_fields) : '';
}

/** Turns the list query into predicates, collecting DRF-style errors for values that cannot be read. */
function listPredicates(query: URLSearchParams): Predicate[] | FieldErrors {
  const errors: FieldErrors = {};
  const predicates: Predicate[] = [];
  const text = (name: string, test: (value: string) => Predicate) => {
    const raw = query.get(name);
    if (raw !== null && raw !== '') predicates.push(test(raw));
  };
  const integer = (name: string, raw: string): number | undefined => {
    if (/^-?\d+$/.test(raw.trim())) return Number(raw);
    errors[name] = ['Enter a whole number.'];
    return undefined;
  };
  text('id', (v) => (ad) => ad.id === v);
  text('state', (v) => {
    if (v !== 'created' && v !== 'deleted')
      errors.state = [`Select a valid choice. ${v} is not one of the available choices.`];
    return (ad) => ad.state === v;
  });
  text('source_id', (v) => (ad) => ad.source_id === v);
  text('source_id__in', (v) => {
    const set = new Set(splitList(v));
    return (ad) => set.has(ad.source_id);
  });
  text('source_id__icontains', (v) => (ad) => ad.source_id.toLowerCase().includes(v.toLowerCase()));
  text('dealer_code', (v) => (ad) => ad.dealer_code === v);
  text('category_id', (v) => {
    const id = integer('category_id', v);
    return (ad) => ad.category_id === id;
  });
  text('category_id__in', (v) => {
    const ids = splitList(v).map((s) => integer('category_id__in', s));
    return (ad) => ids.includes(ad.category_id);
  });
  text(
    'search',
    (v) => (ad) => `${title(ad)}\n${lower(ad.fields.body)}`.toLowerCase().includes(v.toLowerCase()),
  );
  text('blocket_ad_id', (v) => (ad) => ad.blocket_ad_id === v);
  text('blocket_ad_id__in', (v) => {
    const set = new Set(splitList(v));
    return (ad) => ad.blocket_ad_id !== null && set.has(ad.blocket_ad_id);
  });
  text('registration_number', (v) => (ad) => {
    const cf = ad.fields.category_fields;
    const reg =
      typeof cf === 'object' && cf !== null && !Array.isArray(cf)
        ? (cf as Record<string, unknown>).registration_number
        : undefined;
    return lower(reg) === v.toLowerCase();
  });
  for (const field of ['created', 'updated'] as const) {
    for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
      const name = `${field}__${op}`;
      text(name, (v) => {
        const at = parseFilterTime(v);
        if (at === undefined) errors[name] = ['Enter a valid date/time (YYYY-MM-DD HH:MM:SS).'];
        const bound = at ?? 0;
        // Stored times have milliseconds; the filter has seconds, so compare at the second like the database would.
        const value = (ad: StoredAd) => Math.floor(ad[field] / 1000) * 1000;
        if (op === 'gt') return (ad) => value(ad) > bound;
        if (op === 'gte') return (ad) => value(ad) >= bound;
        if (op === 'lt') return (ad) => value(ad) < bound;
        return (ad) => value(ad) <= bound;
      });
    }
  }
  return Object.keys(errors).length > 0 ? errors : predicates;
}

type Compare = (a: StoredAd, b: StoredAd) => number;

/** The fields lists can be ordered by. A Map, so a query value like `__proto__` or `valueOf` names nothing. */
const ORDERINGS = new Map<string, { field: OrderField; compare: Compare }>([
  ['created', { field: 'created', compare: (a, b) => a.created - b.created }],
  ['updated', { field: 'updated', compare: (a, b) => a.updated - b.updated }],
  ['source_id', { field: 'source_id', compare: (a, b) => (a.source_id < b.source_id ? -1 : a.source_id > b.source_id ? 1 : 0) }],
]);

type Term = { field: OrderField; compare: Compare; descending: boolean };

/**
 * The ordering as DRF's OrderingFilter reads it: comma-separated fields, `-` for descending; unknown fields are
 * dropped, and when none is left the default (`-created`) applies. Ties keep the order ads were stored in.
 */
function orderingTerms(ordering: string | null): Term[] {
  const terms = splitList(ordering).flatMap((term) => {
    const descending = term.startsWith('-');
    const known = ORDERINGS.get(descending ? term.slice(1) : term);
    return known === undefined ? [] : [{ ...known, descending }];
  });
  return terms.length > 0 ? terms : [{ ...(ORDERINGS.get('created') as { field: OrderField; compare: Compare }), descending: true }];
}

/**
 * One ascending ordering (by field, then storing order) read in the direction of `term`: descending by the field,
 * and within equal values still in storing order, as a stable sort gives.
 */
function* inDirection(list: readonly StoredAd[], term: Term): Generator<StoredAd> {
  if (!term.descending) {
    yield* list;
    return;
  }
  let end = list.length;
  while (end > 0) {
    let start = end - 1;
    const value = (list[start] as StoredAd)[term.field];
    while (start > 0 && (list[start - 1] as StoredAd)[term.field] === value) start -= 1;
    for (let i = start; i < end; i += 1) yield list[i] as StoredAd;
    end = start;
  }
}

/** Several dealers' orderings merged into one, in the order of `term` (ties in storing order). */
function* merged(index: AdIndex, lists: ReadonlyArray<readonly StoredAd[]>, term: Term): Generator<StoredAd> {
  if (lists.length === 1) {
    yield* inDirection(lists[0] as readonly StoredAd[], term);
    return;
  }
  const heads = lists.map((list) => inDirection(list, term)).map((it) => ({ it, next: it.next() }));
  for (;;) {
    let best: (typeof heads)[number] | undefined;
    for (const head of heads) {
      if (head.next.done === true) continue;
      if (best === undefined) {
        best = head;
        continue;
      }
      const order = term.compare(head.next.value, best.next.value as StoredAd);
      const directed = term.descending ? -order : order;
      if (directed < 0 || (directed === 0 && index.seq(head.next.value) < index.seq(best.next.value as StoredAd))) best = head;
    }
    if (best === undefined) return;
    yield best.next.value as StoredAd;
    best.next = best.it.next();
  }
}

/** `ads` (in the first term's order) with each run of equal first-term values ordered by the other terms. */
function* thenBy(ads: Iterable<StoredAd>, terms: readonly Term[]): Generator<StoredAd> {
  const [first, ...rest] = terms as [Term, ...Term[]];
  if (rest.length === 0) {
    yield* ads;
    return;
  }
  const byRest = (a: StoredAd, b: StoredAd) => {
    for (const { compare, descending } of rest) {
      const order = compare(a, b);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  };
  let run: StoredAd[] = [];
  for (const ad of ads) {
    if (run.length > 0 && first.compare(run[0] as StoredAd, ad) !== 0) {
      yield* run.sort(byRest);
      run = [];
    }
    run.push(ad);
  }
  yield* run.sort(byRest);
}

/** limit/offset from the query, with DRF's leniency: unreadable values fall back to the defaults. */
function pageWindow(query: URLSearchParams): { limit: number; offset: number } {
  const read = (name: string, fallback: number) => {
    const raw = query.get(name);
    if (raw === null || !/^\d+$/.test(raw)) return fallback;
    return Number(raw);
  };
  const limit = Math.min(read('limit', DEFAULT_LIMIT), MAX_LIMIT);
  return { limit: limit === 0 ? DEFAULT_LIMIT : limit, offset: read('offset', 0) };
}

/** `{count, next, previous, results}` with absolute links, as DRF's LimitOffsetPagination answers. */
export function paginate<T>(
  items: T[],
  url: URL,
  query: URLSearchParams,
): { count: number; next: string | null; previous: string | null; results: T[] } {
  const { limit, offset } = pageWindow(query);
  return page(items.length, items.slice(offset, offset + limit), url, { limit, offset });
}

/** The page of a list of `count` items whose window (`offset`, `limit`) holds `results`. */
function page<T>(
  count: number,
  results: T[],
  url: URL,
  { limit, offset }: { limit: number; offset: number },
): { count: number; next: string | null; previous: string | null; results: T[] } {
  const link = (newOffset: number) => {
    const target = new URL(url.href);
    target.searchParams.set('limit', String(limit));
    if (newOffset <= 0) target.searchParams.delete('offset');
    else target.searchParams.set('offset', String(newOffset));
    return target.href;
  };
  return {
    count,
    next: offset + limit < count ? link(offset + limit) : null,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    results,
  };
}

/** GET /v4/ad, /v4/{type} (its category only) and /v3/ad: filters, ordering, pagination, `fields`, `include=log`. */
export function listAds(env: Env, call: Call): ApiResult {
  const predicates = listPredicates(call.query);
  if (!Array.isArray(predicates)) return badRequest(predicates);
  const facts = call.family === 'typed' && call.resource !== null ? resourceFacts(call.resource) : undefined;
  // Typed endpoints list their category only (where every ad is visible through them); the others every ad.
  if (call.family === 'typed' && facts === undefined) return { status: 200, body: page(0, [], call.url, pageWindow(call.query)) };
  const terms = orderingTerms(call.query.get('ordering'));
  const first = terms[0] as Term;
  const index = env.state.index;
  // A typed list shows what the typed GET shows (visibleThrough): its categories, and V3 ads of the categories it took over.
  const categories = facts === undefined ? [undefined] : [...new Set([facts.categoryId, ...(facts.otherCategoryIds ?? []), ...facts.legacyCategoryIds])];
  const lists = [...new Set(call.principal.dealerCodes)].flatMap((dealer) =>
    categories.map((category) => {
      const list = index.ordered(dealer, first.field, category);
      // A legacy category of another V4 type's own id is seen through this endpoint only for its V3 ads.
      return category === undefined || category === facts?.categoryId || (facts?.otherCategoryIds ?? []).includes(category) ? list : list.filter((ad) => ad.api_version === 'v3');
    }),
  );
  const window = pageWindow(call.query);
  const ordered = thenBy(merged(index, lists, first), terms);
  const results: StoredAd[] = [];
  let count = 0;
  if (predicates.length === 0) {
    // Nothing to filter: the count is known, and only the page itself is read.
    count = lists.reduce((sum, list) => sum + list.length, 0);
    const end = window.offset + window.limit;
    let position = 0;
    for (const ad of ordered) {
      if (position >= end) break;
      if (position >= window.offset) results.push(ad);
      position += 1;
    }
  } else {
    for (const ad of ordered) {
      if (!predicates.every((p) => p(ad))) continue;
      if (count >= window.offset && results.length < window.limit) results.push(ad);
      count += 1;
    }
  }
  const found = page(count, results, call.url, window);
  const includeLog = splitList(call.query.get('include')).includes('log');
  const fields = splitList(call.query.get('fields'));
  const withLog = includeLog && fields.length > 0 && !fields.includes('log') ? [...fields, 'log'] : fields;
  return {
    status: 200,
    body: { ...found, results: found.results.map((ad) => adView(ad, { includeLog, fields: withLog })) },
  };
}

/** GET .../{source_id}/log: every entry, filtered by action, state, request_id; ordered by `created` (default) or `-created`. */
export function logList(env: Env, call: Call): ApiResult {
  const ad = requireAd(env, call);
  if (isApiResult(ad)) return ad;
  const errors: FieldErrors = {};
  const action = call.query.get('action');
  const state = call.query.get('state');
  const requestId = call.query.get('request_id');
  const ordering = call.query.get('ordering');
  if (action !== null && action !== '' && !(LOG_ACTIONS as readonly string[]).includes(action))
    errors.action = [`Select a valid choice. ${action} is not one of the available choices.`];
  if (state !== null && state !== '' && !['processing', 'done', 'error'].includes(state))
    errors.state = [`Select a valid choice. ${state} is not one of the available choices.`];
  if (Object.keys(errors).length > 0) return badRequest(errors);
  const entries = ad.log.filter(
    (e: LogEntry) =>
      (action === null || action === '' || e.action === action) &&
      (state === null || state === '' || e.state === state) &&
      (requestId === null || requestId === '' || e.request_id === requestId),
  );
  const ordered =
    ordering === '-created'
      ? [...entries].sort((a, b) => b.seq - a.seq)
      : [...entries].sort((a, b) => a.seq - b.seq);
  const page = paginate(ordered, call.url, call.query);
  return { status: 200, body: { ...page, results: page.results.map(logEntryView) } };
}
