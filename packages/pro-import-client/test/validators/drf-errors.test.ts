import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { DRF_PARSE_OPTIONS, drfMessage, toDrfErrors } from '../../src/validators/index.js';
import { exactlyOneOf } from '@x/client-runtime/validation';
import { pythonType } from '../../src/runtime/validation/drf-errors.js';

/** The DRF body for `value` parsed by `schema` the way every validator parses. */
function errorsOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value, DRF_PARSE_OPTIONS);
  if (result.success) throw new Error('expected the parse to fail');
  return toDrfErrors(result.error.issues);
}

describe('wording: one zod failure -> DRF message', () => {
  it.each([
    ['required', z.strictObject({ a: z.string() }), {}, { a: ['This field is required.'] }],
    ['null', z.strictObject({ a: z.string() }), { a: null }, { a: ['This field may not be null.'] }],
    ['bad choice', z.strictObject({ a: z.enum(['x']) }), { a: 'y' }, { a: ['"y" is not a valid choice.'] }],
    ['bad numeric choice', z.strictObject({ a: z.literal(1) }), { a: 2 }, { a: ['"2" is not a valid choice.'] }],
    ['integer', z.strictObject({ a: z.int() }), { a: 'x' }, { a: ['A valid integer is required.'] }],
    ['whole integer', z.strictObject({ a: z.int() }), { a: 1.5 }, { a: ['A valid integer is required.'] }],
    ['number', z.strictObject({ a: z.number() }), { a: 'x' }, { a: ['A valid number is required.'] }],
    ['string', z.strictObject({ a: z.string() }), { a: 1 }, { a: ['Not a valid string.'] }],
    ['boolean', z.strictObject({ a: z.boolean() }), { a: 'true' }, { a: ['Must be a valid boolean.'] }],
    ['list', z.strictObject({ a: z.array(z.string()) }), { a: 'x' }, { a: ['Expected a list of items but got type "str".'] }],
    ['dict', z.strictObject({ a: z.strictObject({}) }), { a: 3 }, { a: ['Invalid data. Expected a dictionary, but got int.'] }],
    ['blank', z.strictObject({ a: z.string().min(1) }), { a: '' }, { a: ['This field may not be blank.'] }],
    ['blank with a pattern', z.strictObject({ a: z.string().regex(/^\d+$/) }), { a: '' }, { a: ['This field may not be blank.'] }],
    ['max length', z.strictObject({ a: z.string().max(3) }), { a: 'abcd' }, { a: ['Ensure this field has no more than 3 characters.'] }],
    ['min length', z.strictObject({ a: z.string().min(3) }), { a: 'ab' }, { a: ['Ensure this field has at least 3 characters.'] }],
    ['email', z.strictObject({ a: z.email() }), { a: 'x' }, { a: ['Enter a valid email address.'] }],
    ['URL', z.strictObject({ a: z.url() }), { a: 'x' }, { a: ['Enter a valid URL.'] }],
    ['pattern', z.strictObject({ a: z.string().regex(/^\d+$/) }), { a: 'x' }, { a: ['Enter a valid value.'] }],
    ['max items', z.strictObject({ a: z.array(z.string()).max(1) }), { a: ['x', 'y'] }, { a: ['Ensure this field has no more than 1 elements.'] }],
    ['min items', z.strictObject({ a: z.array(z.string()).min(1) }), { a: [] }, { a: ['Ensure this field has at least 1 elements.'] }],
    ['min value', z.strictObject({ a: z.int().min(0) }), { a: -1 }, { a: ['Ensure this value is greater than or equal to 0.'] }],
    ['max value', z.strictObject({ a: z.int().max(9) }), { a: 10 }, { a: ['Ensure this value is less than or equal to 9.'] }],
    ['forbidden field', z.strictObject({}), { title: 'x' }, { title: ['This field is not allowed for this vehicle type.'] }],
  ] as const)('%s', (_name, schema, value, expected) => {
    expect(errorsOf(schema, value)).toEqual(expected);
  });
});

describe('shape', () => {
  it('nests like the payload', () => {
    const schema = z.strictObject({ category_fields: z.strictObject({ brand: z.enum(['volvo']), registration_number: z.string() }) });
    expect(errorsOf(schema, { category_fields: { brand: 'invalid_brand' } })).toEqual({
      category_fields: { brand: ['"invalid_brand" is not a valid choice.'], registration_number: ['This field is required.'] },
    });
  });

  it('keys list items by index, for strings and objects alike, in index order', () => {
    const schema = z.strictObject({
      image_urls: z.array(z.url()),
      price: z.array(z.strictObject({ type: z.enum(['list']) })),
    });
    const urls = Array.from({ length: 11 }, (_, i) => (i === 2 || i === 10 ? 'x' : 'https://a.se/1.jpg'));
    expect(JSON.stringify(errorsOf(schema, { image_urls: urls, price: [{ type: 'list' }, { type: 'x' }] }))).toBe(
      JSON.stringify({ image_urls: { '2': ['Enter a valid URL.'], '10': ['Enter a valid URL.'] }, price: { '1': { type: ['"x" is not a valid choice.'] } } }),
    );
  });

  it('puts object-level errors under non_field_errors of their object', () => {
    const schema = z.strictObject({ location: z.strictObject({ zipcode: z.string().optional(), lkf: z.string().optional() }).superRefine(exactlyOneOf([{ keys: ['zipcode'], required: ['zipcode'] }, { keys: ['lkf'], required: ['lkf'] }])) });
    expect(errorsOf(schema, { location: {} })).toEqual({ location: { non_field_errors: ['Provide one of: "zipcode", "lkf".'] } });
  });

  it('makes top-level non-field errors a bare array', () => {
    const schema = z.strictObject({ a: z.string().optional() }).superRefine((_v, ctx) => ctx.addIssue({ code: 'custom', message: 'Ad has been deleted, cannot update', params: { drf: 'non_field' } }));
    expect(errorsOf(schema, {})).toEqual(['Ad has been deleted, cannot update']);
  });

  it('keeps top-level non-field errors under non_field_errors when there are field errors too', () => {
    expect(
      toDrfErrors([
        { code: 'custom', message: 'Whole body is wrong.', path: [], params: { drf: 'non_field' } },
        { code: 'invalid_type', expected: 'string', path: ['title'], message: '', input: undefined },
      ]),
    ).toEqual({ non_field_errors: ['Whole body is wrong.'], title: ['This field is required.'] });
  });

  it('reports a union by the branch whose type matched', () => {
    const schema = z.strictObject({ latitude: z.union([z.number(), z.string().regex(/^\d+$/)]) });
    expect(errorsOf(schema, { latitude: 'north' })).toEqual({ latitude: ['Enter a valid value.'] });
    expect(errorsOf(schema, { latitude: true })).toEqual({ latitude: ['A valid number is required.'] });
  });

  it('returns an empty list for no issues', () => {
    expect(toDrfErrors([])).toEqual([]);
  });
});

describe('drfMessage and pythonType', () => {
  it('words a hand-built issue', () => {
    expect(drfMessage({ code: 'invalid_value', values: ['volvo'], input: 'x', path: ['brand'], message: '' })).toBe('"x" is not a valid choice.');
  });

  it.each([
    ['x', 'str'],
    [1, 'int'],
    [1.5, 'float'],
    [true, 'bool'],
    [null, 'NoneType'],
    [[], 'list'],
    [{}, 'dict'],
  ])('pythonType(%j) is %s', (value, expected) => {
    expect(pythonType(value)).toBe(expected);
  });

  it('also words error.message, so zod users see DRF text', () => {
    const result = z.strictObject({ a: z.string() }).safeParse({}, DRF_PARSE_OPTIONS);
    expect(result.error?.issues[0]?.message).toBe('This field is required.');
  });
});
