import { uniqueItems, exactlyOneOf, requiredForCategories } from '@x/client-runtime/validation';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROBLEM_PARSE_OPTIONS, problemFieldErrors, problemMessage, springPath, toProblemErrors, unsupportedMediaTypeDetail } from '../../src/validators/index.js';

/** The 400 body for `value` parsed by `schema` the way every validator parses. */
function bodyOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value, PROBLEM_PARSE_OPTIONS);
  if (result.success) throw new Error('expected the parse to fail');
  return toProblemErrors(result.error.issues);
}

function errorsOf(schema: z.ZodType, value: unknown) {
  return bodyOf(schema, value).errors ?? [];
}

describe('the body: Spring problem details with the field errors at the top level', () => {
  it('is exactly the documented shape', () => {
    const schema = z.strictObject({ price: z.strictObject({ amount: z.number(), type: z.string() }) });
    expect(JSON.stringify(bodyOf(schema, { price: { type: 'FIXED' } }))).toBe(
      JSON.stringify({
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'Invalid request content.',
        errors: [{ field: 'price.amount', message: 'must not be null' }],
      }),
    );
  });

  it('sorts fields (list positions in payload order), keeps one entry per field and message', () => {
    const schema = z.strictObject({ b: z.string(), a: z.array(z.string()), c: z.union([z.string(), z.string()]) });
    const urls = Array.from({ length: 11 }, (_, i) => (i === 2 || i === 10 ? 1 : 'x'));
    expect(errorsOf(schema, { a: urls, c: 5 })).toEqual([
      { field: 'a[2]', message: 'Cannot deserialize value of type `java.lang.String` from Integer value' },
      { field: 'a[10]', message: 'Cannot deserialize value of type `java.lang.String` from Integer value' },
      { field: 'b', message: 'must not be null' },
      { field: 'c', message: 'Cannot deserialize value of type `java.lang.String` from Integer value' },
    ]);
  });

  it('names unknown fields one by one', () => {
    expect(errorsOf(z.strictObject({}), { zeta: 1, alpha: 2 })).toEqual([
      { field: 'alpha', message: 'must not be present' },
      { field: 'zeta', message: 'must not be present' },
    ]);
  });
});

describe('wording: one zod failure -> Hibernate Validator (or Jackson) message', () => {
  it.each([
    ['absent', z.strictObject({ a: z.string() }), {}, 'must not be null'],
    ['null', z.strictObject({ a: z.string() }), { a: null }, 'must not be null'],
    ['blank', z.strictObject({ a: z.string().min(1) }), { a: '' }, 'must not be blank'],
    ['empty list', z.strictObject({ a: z.array(z.string()).min(1) }), { a: [] }, 'must not be empty'],
    ['pattern', z.strictObject({ a: z.string().regex(/^\d{5}$/) }), { a: 'x' }, 'must match "^\\d{5}$"'],
    ['size, both bounds', z.strictObject({ a: z.string().min(2).max(5) }), { a: 'x' }, 'size must be between 2 and 5'],
    ['size, both bounds, too long', z.strictObject({ a: z.string().min(2).max(5) }), { a: 'abcdef' }, 'size must be between 2 and 5'],
    ['size, min only', z.strictObject({ a: z.string().min(3) }), { a: 'ab' }, 'size must be between 3 and 2147483647'],
    ['size, max only', z.strictObject({ a: z.array(z.string()).max(1) }), { a: ['x', 'y'] }, 'size must be between 0 and 1'],
    ['minimum', z.strictObject({ a: z.number().min(-90) }), { a: -91 }, 'must be greater than or equal to -90'],
    ['maximum', z.strictObject({ a: z.number().max(90) }), { a: 91 }, 'must be less than or equal to 90'],
    ['exclusive minimum', z.strictObject({ a: z.number().gt(0) }), { a: 0 }, 'must be greater than 0'],
    ['email', z.strictObject({ a: z.email() }), { a: 'x' }, 'must be a well-formed email address'],
    ['enum (our wording)', z.strictObject({ a: z.enum(['image/jpeg', 'image/png']) }), { a: 'image/gif' }, 'must be one of [image/jpeg, image/png]'],
    ['enum, absent', z.strictObject({ a: z.enum(['A']) }), {}, 'must not be null'],
    ['forbidden', z.strictObject({ a: z.never().optional() }), { a: 1 }, 'must not be present'],
    ['string', z.strictObject({ a: z.string() }), { a: {} }, 'Cannot deserialize value of type `java.lang.String` from Object value'],
    ['number', z.strictObject({ a: z.number() }), { a: 'x' }, 'Cannot deserialize value of type `java.lang.Double` from String value'],
    ['integer', z.strictObject({ a: z.int() }), { a: 'x' }, 'Cannot deserialize value of type `java.lang.Integer` from String value'],
    ['integer, a fraction', z.strictObject({ a: z.int() }), { a: 1.5 }, 'Cannot deserialize value of type `java.lang.Integer` from Floating-point value'],
    ['boolean', z.strictObject({ a: z.boolean() }), { a: 'true' }, 'Cannot deserialize value of type `java.lang.Boolean` from String value'],
    ['list', z.strictObject({ a: z.array(z.string()) }), { a: 'x' }, 'Cannot deserialize value of type `java.util.ArrayList` from String value'],
    ['object', z.strictObject({ a: z.strictObject({}) }), { a: [1] }, 'Cannot deserialize value of type `java.util.LinkedHashMap` from Array value'],
    ['uuid', z.strictObject({ a: z.uuid() }), { a: 'nope' }, 'Cannot deserialize value of type `java.util.UUID` from String value'],
    ['unique items', z.strictObject({ a: z.array(z.string()).superRefine(uniqueItems) }), { a: ['x', 'x'] }, 'must only contain unique elements'],
  ] as const)('%s', (_name, schema, value, message) => {
    expect(errorsOf(schema, value).map((e) => e.message)).toEqual([message]);
  });

  it('a category rule of the shared checks says what a missing field gets', () => {
    const schema = z.looseObject({ c: z.number(), x: z.string().optional() }).superRefine(requiredForCategories({ field: 'c', categories: [1], required: ['x'] }));
    expect(errorsOf(schema, { c: 1 })).toEqual([{ field: 'x', message: 'must not be null' }]);
  });

  it('an object-level rule is filed under its object', () => {
    const schema = z.strictObject({
      location: z.looseObject({ zipCode: z.string().optional(), lat: z.number().optional() }).superRefine(exactlyOneOf([{ keys: ['zipCode'], required: ['zipCode'] }, { keys: ['lat'], required: ['lat'] }])),
    });
    expect(errorsOf(schema, { location: {} })).toEqual([{ field: 'location', message: 'Provide one of: "zipCode", "lat".' }]);
  });

  it('words issues from a parse without the error map the same way', () => {
    const result = z.strictObject({ a: z.enum(['A', 'B']), b: z.string() }).safeParse({ a: 'C' }, { reportInput: true });
    if (result.success) throw new Error('expected a failure');
    expect(toProblemErrors(result.error.issues).errors).toEqual([
      { field: 'a', message: 'must be one of [A, B]' },
      { field: 'b', message: 'must not be null' },
    ]);
  });

  it('problemMessage words a raw issue', () => {
    expect(problemMessage({ code: 'invalid_value', values: ['A', 'B'], input: 'C', path: [], message: '' })).toBe('must be one of [A, B]');
  });
});

describe('paths and reading bodies', () => {
  it.each([
    [[], ''],
    [['title'], 'title'],
    [['location', 'zipCode'], 'location.zipCode'],
    [['urls', 0], 'urls[0]'],
    [['items', 2, 'name'], 'items[2].name'],
  ] as const)('%j -> %s', (path, expected) => {
    expect(springPath(path)).toBe(expected);
  });

  it('reads the field errors at the top level, else under properties', () => {
    const errors = [{ field: 'title', message: 'must not be blank' }];
    expect(problemFieldErrors({ status: 400, errors })).toEqual(errors);
    expect(problemFieldErrors({ status: 400, properties: { errors } })).toEqual(errors);
    expect(problemFieldErrors({ status: 400, detail: 'Failed to read request' })).toEqual([]);
    expect(problemFieldErrors('Bad Request')).toEqual([]);
  });

  it('words the documented 415 detail', () => {
    expect(unsupportedMediaTypeDetail('image/gif')).toBe("Unsupported media type: 'image/gif'. Supported types are: image/jpeg, image/png");
  });
});
