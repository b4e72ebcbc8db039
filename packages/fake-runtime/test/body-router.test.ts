import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BODY_LIMITS,
  isJsonContentType,
  mediaTypeOf,
  parseFormBody,
  parseJsonBody,
  Router,
  type RouteDef,
} from '../src/index.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseJsonBody', () => {
  it('reads JSON; no body is {}', () => {
    expect(parseJsonBody(bytes('{"a":[1]}'), 'application/json; charset=utf-8', DEFAULT_BODY_LIMITS)).toEqual({
      ok: true,
      value: { a: [1] },
    });
    expect(parseJsonBody(null, null, DEFAULT_BODY_LIMITS)).toEqual({ ok: true, value: {} });
    expect(parseJsonBody(new Uint8Array(), 'text/plain', DEFAULT_BODY_LIMITS)).toEqual({ ok: true, value: {} });
  });

  it.each([
    ['x'.repeat(11), 'application/json', 413, 'too-large', 'Request body is too large: 11 bytes, the limit is 10 bytes.'],
    ['{}', 'text/plain; charset=utf-8', 415, 'media-type', 'Unsupported media type "text/plain" in request. Send JSON with Content-Type: application/json.'],
    ['{}', null, 415, 'media-type', 'Unsupported media type "" in request. Send JSON with Content-Type: application/json.'],
    ['[[[[1]]]]', 'application/json', 400, 'depth', 'JSON parse error - nested deeper than 3 levels.'],
    ['{"a":', 'application/json', 400, 'syntax', expect.stringMatching(/^JSON parse error - /)],
  ])('%j as %s: %i %s', (text, type, status, reason, detail) => {
    expect(parseJsonBody(bytes(text), type, { maxBytes: 10, maxDepth: 3 })).toEqual({ ok: false, status, reason, detail });
  });

  it('refuses bytes that are not UTF-8, and does not count brackets inside strings as depth', () => {
    expect(parseJsonBody(new Uint8Array([0x7b, 0xff, 0x7d]), 'application/json', DEFAULT_BODY_LIMITS)).toMatchObject({
      status: 400,
      reason: 'encoding',
    });
    expect(parseJsonBody(bytes('{"a":"[[[[[[\\"]]]"}'), 'application/json', { maxBytes: 100, maxDepth: 1 })).toMatchObject({ ok: true });
  });

  it('knows JSON content types', () => {
    expect(isJsonContentType('application/problem+json')).toBe(true);
    expect(isJsonContentType('APPLICATION/JSON')).toBe(true);
    expect(isJsonContentType('application/x-www-form-urlencoded')).toBe(false);
    expect(isJsonContentType(null)).toBe(false);
  });
});

describe('parseFormBody', () => {
  it('reads a form body and keeps repeated parameters', () => {
    const form = parseFormBody(bytes('grant_type=client_credentials&a=1&a=2&s=x%2By+z'), 'Application/X-WWW-Form-Urlencoded; charset=UTF-8');
    expect(form?.get('grant_type')).toBe('client_credentials');
    expect(form?.getAll('a')).toEqual(['1', '2']);
    expect(form?.get('s')).toBe('x+y z');
    expect(parseFormBody(null, 'application/x-www-form-urlencoded')?.toString()).toBe('');
  });

  it('is undefined for another content type or bytes that are not UTF-8', () => {
    expect(parseFormBody(bytes('a=1'), 'application/json')).toBeUndefined();
    expect(parseFormBody(new Uint8Array([0xff]), 'application/x-www-form-urlencoded')).toBeUndefined();
    expect(mediaTypeOf(null)).toBe('');
  });
});

const route = (method: RouteDef['method'], path: string, operationId: string): RouteDef => ({
  method,
  path,
  operationId,
  namespace: 'n',
  methodName: operationId,
  resource: null,
});

describe('Router', () => {
  const router = new Router([
    route('get', '/v1/listings/{uuid}', 'get'),
    route('put', '/v1/listings/{uuid}', 'update'),
    route('delete', '/v1/listings/{uuid}', 'delete'),
    route('post', '/v1/things/{id}', 'act'),
    route('post', '/v1/things/validate', 'validate'),
  ]);

  it('finds the route and decodes its parameters', () => {
    expect(router.match('get', '/v1/listings/a%20b')).toEqual({
      kind: 'found',
      route: route('get', '/v1/listings/{uuid}', 'get'),
      params: { uuid: 'a b' },
    });
  });

  it('prefers the template with more literal segments', () => {
    expect(router.match('POST', '/v1/things/validate')).toMatchObject({ route: { operationId: 'validate' } });
    expect(router.match('POST', '/v1/things/other')).toMatchObject({ route: { operationId: 'act' }, params: { id: 'other' } });
  });

  it('answers 405 with the allowed methods, 404 for unknown or undecodable paths and empty parameters', () => {
    expect(router.match('PATCH', '/v1/listings/x')).toEqual({ kind: 'method-not-allowed', allowed: ['DELETE', 'GET', 'PUT'] });
    expect(router.match('GET', '/v1/nothing')).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/v1/listings/%E0%A4%A')).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/v1/listings/%20').kind).toBe('found');
    expect(router.match('GET', '/v1/listings//')).toEqual({ kind: 'not-found' });
  });
});
