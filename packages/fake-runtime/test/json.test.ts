import { describe, expect, it } from 'vitest';
import { cloneJson } from '../src/index.js';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('cloneJson', () => {
  const cases: Array<[string, unknown]> = [
    ['an ad-like object', { id: 'a', price: [{ type: 'list', amount: 1 }], category_fields: { brand: 'volvo', equipments: ['x'] }, body: null, visible: true }],
    ['undefined, functions and symbols', { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('t')] }],
    ['numbers JSON cannot hold', [Number.NaN, Number.POSITIVE_INFINITY, -0, 1.5e300]],
    ['a Date and an object with toJSON', { at: new Date(0), custom: { toJSON: () => ({ shown: true }) } }],
    ['a Map, a Set and a class instance', { map: new Map([['a', 1]]), set: new Set([1]), instance: new (class Point { x = 1; })() }],
    ['a "__proto__" key from JSON', JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}')],
    ['deep nesting', JSON.parse(`${'['.repeat(600)}1${']'.repeat(600)}`)],
    ['a bare string', 'text'],
  ];

  it.each(cases)('copies %s exactly as a JSON round trip does', (_name, value) => {
    expect(JSON.stringify(cloneJson(value))).toBe(JSON.stringify(roundTrip(value)));
    expect(cloneJson(value)).toEqual(roundTrip(value));
  });

  it('keeps "__proto__" an own property and never touches a prototype', () => {
    const copy = cloneJson(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('shares nothing with the original', () => {
    const original = { list: [{ a: 1 }], nested: { b: [2] } };
    const copy = cloneJson(original);
    copy.list[0]!.a = 9;
    copy.nested.b.push(3);
    expect(original).toEqual({ list: [{ a: 1 }], nested: { b: [2] } });
  });

  it('fails like JSON on what JSON cannot write (a bigint, a cycle)', () => {
    expect(() => cloneJson({ n: 1n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => cloneJson(cyclic)).toThrow(TypeError);
    expect(cloneJson(undefined)).toBeUndefined();
  });
});
