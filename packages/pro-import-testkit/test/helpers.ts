import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createFake, ManualClock, type FakeOptions, type ProImportFake } from '../src/index.js';
import { proImportHandlers } from '../src/msw.js';

export const BASE = 'https://api.blocket.se/pro-import-api';

type LogEntryBody = {
  request_id: string;
  created: string;
  action: string;
  state: string;
  external_message: unknown;
};
type ImageRefBody = { url: string; cdn_url: string; id: string; checksum: string };

/**
 * What the fake answers, every shape merged (an ad, a page, a log entry, an error): a test reads the fields of the
 * endpoint it called. Arrays (non-field errors, attribute values) are read through `toEqual`.
 */
export type ApiBody = {
  [field: string]: unknown;
  id: string;
  source_id: string;
  dealer_code: string;
  category_id: number;
  state: string;
  title: string;
  body: string | null;
  blocket_ad_id: string | null;
  offer_id: string | null;
  api_version: string;
  image_refs: ImageRefBody[];
  log: LogEntryBody[];
  category_fields: Record<string, unknown>;
  count: number;
  next: string;
  previous: string;
  results: ApiBody[];
  action: string;
  request_id: string;
  external_message: unknown;
  detail: string;
  token: string;
  endpoints: Record<string, string>;
  actions: unknown[];
  rate: unknown;
};

export type Reply = { status: number; body: ApiBody; headers: Headers };

/** A tiny fetch wrapper for behaviour tests: JSON in, JSON out. */
export function apiFor(base: string, defaultToken: () => string) {
  return async function api(
    method: string,
    path: string,
    options: { body?: unknown; token?: string | null; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? defaultToken() : options.token;
    if (token !== null) headers['X-Auth-Token'] = token;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${base}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (the YAML schema); keep the text
    }
    return { status: response.status, body: parsed as ApiBody, headers: response.headers };
  };
}

/**
 * One fake behind msw for a test file; `ctx.fake` is replaced before each test by `reset()`.
 * The default token is a dealer_code token for D1.
 */
export function useMswFake(options: FakeOptions = {}) {
  const start = Date.parse('2025-03-01T10:00:00Z');
  const ctx = {
    fake: createFake({ latencyMs: 1000, startTime: start, ...options }),
    d1: '',
    group: '',
    d2: '',
  };
  const refreshTokens = () => {
    ctx.d1 = ctx.fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
    ctx.d2 = ctx.fake.token({ scope: 'dealer_code', dealer_code: 'D2' });
    ctx.group = ctx.fake.token({ scope: 'dealer_group', dealer_group: 'G1', dealer_codes: ['D1', 'D2'] });
  };
  refreshTokens();
  const server = setupServer(...proImportHandlers(ctx.fake));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    ctx.fake.reset();
    if (ctx.fake.clock instanceof ManualClock) ctx.fake.clock.setNow(start);
  });
  afterAll(() => server.close());
  const api = apiFor(BASE, () => ctx.d1);
  return { ctx, api };
}

/** Log entries as `action:state` strings, in order. */
export function logLine(ad: { log?: Array<{ action: string; state: string }> }): string[] {
  return (ad.log ?? []).map((e) => `${e.action}:${e.state}`);
}

export type { ProImportFake };
