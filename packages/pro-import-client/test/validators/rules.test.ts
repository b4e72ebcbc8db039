import { describe, expect, it } from 'vitest';
import { validatePayload, type DrfErrorBody, type PayloadKind } from '../../src/validators/index.js';
import { REMOVE, example, withValue } from './payloads.js';

type Body = Record<string, unknown>;
type Rule = {
  rule: string;
  resource: string;
  kind: PayloadKind;
  base: string;
  broken: (body: Body) => Body;
  errors: DrfErrorBody;
  fixed: (body: Body) => Body;
};

const set = (path: string, value: unknown) => (body: Body) => withValue(body, path, value);
const drop = (path: string) => set(path, REMOVE);
const same = (body: Body) => body;
const migrateOf = (body: Body) => {
  const { source_id: _s, category_id: _c, ...rest } = body;
  return rest;
};
const updateOf = (body: Body) => {
  const { source_id: _s, ...rest } = body;
  return rest;
};
const CONTACT = { name: 'Anna', phone: '+46701234567', email: 'anna@example.com' };
const FORBIDDEN = ['This field is not allowed for this vehicle type.'];
const REQUIRED = ['This field is required.'];
const images = (n: number) => Array.from({ length: n }, (_, i) => `https://cdn.example.com/${i}.jpg`);

/** Each rule twice: the payload that breaks it fails with exactly this body; the same payload respecting it passes. */
const RULES: Rule[] = [
  { rule: 'title is forbidden for a registered vehicle', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('title', 'Volvo XC60'), errors: { title: FORBIDDEN }, fixed: same },
  { rule: 'contact is forbidden for a registered vehicle', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('contact', CONTACT), errors: { contact: FORBIDDEN }, fixed: same },
  { rule: 'title is required for a boat', resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: drop('title'), errors: { title: REQUIRED }, fixed: same },
  { rule: 'contact is required for a truck', resource: 'truck', kind: 'create', base: 'v4_truck_create', broken: drop('contact'), errors: { contact: REQUIRED }, fixed: same },
  { rule: 'title may not be blank', resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('title', ''), errors: { title: ['This field may not be blank.'] }, fixed: set('title', 'Buster') },
  { rule: 'reduced price is not allowed on create', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('price', [{ type: 'list', amount: 100 }, { type: 'reduced', amount: 90 }]), errors: { price: { '1': { type: ['"reduced" is not a valid choice.'] } } }, fixed: set('price', [{ type: 'list', amount: 100 }]) },
  { rule: 'reduced price is allowed on update', resource: 'car', kind: 'update', base: 'v4_car_create', broken: (b) => updateOf(set('price', [{ type: 'discount', amount: 90 }])(b)), errors: { price: { '0': { type: ['"discount" is not a valid choice.'] } } }, fixed: (b) => updateOf(set('price', [{ type: 'reduced', amount: 90 }])(b)) },
  { rule: 'leasing only for registered vehicles', resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('price', [{ type: 'leasing', amount: 5000 }]), errors: { price: { '0': { type: ['"leasing" is not a valid choice.'] } } }, fixed: set('price', [{ type: 'list', amount: 5000 }]) },
  { rule: 'leasing allowed for a car', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('price', [{ type: 'leasing', amount: -1 }]), errors: { price: { '0': { amount: ['Ensure this value is greater than or equal to 0.'] } } }, fixed: set('price', [{ type: 'leasing', amount: 4995 }]) },
  { rule: 'latitude and longitude together', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('location', { latitude: 59.33 }), errors: { location: { non_field_errors: ['"latitude" and "longitude" must be provided together.'] } }, fixed: set('location', { latitude: 59.33, longitude: 18.06 }) },
  { rule: 'only one location alternative', resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('location', { zipcode: '11122', lkf: '0180' }), errors: { location: { non_field_errors: ['Provide only one of: "latitude" and "longitude", "zipcode", "lkf".'] } }, fixed: set('location', { lkf: '0180' }) },
  { rule: 'an empty location names the alternatives', resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('location', {}), errors: { location: { non_field_errors: ['Provide one of: "latitude" and "longitude", "zipcode", "lkf".'] } }, fixed: set('location', null) },
  { rule: 'zipcode without spaces', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('location', { zipcode: '111 22' }), errors: { location: { zipcode: ['Enter a valid value.'] } }, fixed: set('location', { zipcode: '11122' }) },
  { rule: 'lkf of 4 or 6 digits', resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('location', { lkf: '01801' }), errors: { location: { lkf: ['Enter a valid value.'] } }, fixed: set('location', { lkf: '018001' }) },
  { rule: 'no lkf for registered vehicles', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('location', { lkf: '0180' }), errors: { location: { lkf: FORBIDDEN, non_field_errors: ['Provide one of: "latitude" and "longitude", "zipcode".'] } }, fixed: set('location', { zipcode: '11122' }) },
  { rule: 'phone digits with optional +', resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('contact.phone', '070-1234567'), errors: { contact: { phone: ['Enter a valid value.'] } }, fixed: set('contact.phone', '0701234567') },
  { rule: 'phone at least 8 characters', resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('contact.phone', '+467012'), errors: { contact: { phone: ['Ensure this field has at least 8 characters.'] } }, fixed: set('contact.phone', '+4670123') },
  { rule: 'phone at most 16 characters', resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('contact.phone', '+4670123456789012'), errors: { contact: { phone: ['Ensure this field has no more than 16 characters.'] } }, fixed: set('contact.phone', '+467012345678901') },
  { rule: 'contact email required', resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: drop('contact.email'), errors: { contact: { email: REQUIRED } }, fixed: same },
  { rule: 'contact email valid', resource: 'bus', kind: 'create', base: 'v4_bus_create', broken: set('contact.email', 'anna(at)example.com'), errors: { contact: { email: ['Enter a valid email address.'] } }, fixed: set('contact.email', 'anna@example.com') },
  { rule: 'image URLs are http(s)', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('image_urls', ['https://cdn.example.com/1.jpg', 'ftp://cdn.example.com/2.jpg']), errors: { image_urls: { '1': ['Enter a valid URL.', 'Enter a valid value.'] } }, fixed: set('image_urls', ['https://cdn.example.com/1.jpg', 'http://cdn.example.com/2.jpg']) },
  { rule: 'image URLs are JPG or PNG', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('image_urls', ['https://cdn.example.com/1.gif']), errors: { image_urls: { '0': ['Enter a valid value.'] } }, fixed: set('image_urls', ['https://cdn.example.com/1.PNG']) },
  { rule: 'image_urls is a list', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('image_urls', 'https://cdn.example.com/1.jpg'), errors: { image_urls: ['Expected a list of items but got type "str".'] }, fixed: set('image_urls', []) },
  { rule: 'at most 38 images on V3', resource: 'v3', kind: 'create', base: 'v3_ad_create', broken: set('image_urls', images(39)), errors: { image_urls: ['Ensure this field has no more than 38 elements.'] }, fixed: set('image_urls', images(38)) },
  { rule: 'video_url is YouTube or Vimeo', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('video_url', 'https://dailymotion.com/video/x1'), errors: { video_url: ['Enter a valid value.'] }, fixed: set('video_url', 'https://vimeo.com/123456') },
  { rule: 'category_fields values come from the catalogue', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.brand', 'invalid_brand'), errors: { category_fields: { brand: ['"invalid_brand" is not a valid choice.'] } }, fixed: set('category_fields.brand', 'volvo') },
  { rule: 'nested catalogue values (boat powertrain.fuel)', resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('category_fields.powertrain.fuel', 'coal'), errors: { category_fields: { powertrain: { fuel: ['"coal" is not a valid choice.'] } } }, fixed: set('category_fields.powertrain.fuel', 'diesel') },
  { rule: 'list catalogue values (equipments)', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.equipments', ['tow_hitch', 'jetpack']), errors: { category_fields: { equipments: { '1': ['"jetpack" is not a valid choice.'] } } }, fixed: set('category_fields.equipments', ['tow_hitch']) },
  { rule: 'list values are unique (uniqueItems)', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.equipments', ['tow_hitch', 'tow_hitch']), errors: { category_fields: { equipments: { '1': ['This list may not contain duplicate items.'] } } }, fixed: set('category_fields.equipments', ['tow_hitch', 'navigation']) },
  { rule: 'car model must be one of the brand\'s models', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.model', 'golf'), errors: { category_fields: { model: ['"golf" is not a valid choice.'] } }, fixed: (b) => set('category_fields.brand', 'volkswagen')(set('category_fields.model', 'golf')(b)) },
  { rule: 'car model checked on patch when the brand is sent', resource: 'car', kind: 'patch', base: 'v4_car_create', broken: () => ({ category_fields: { brand: 'saab', model: 'xc60' } }), errors: { category_fields: { model: ['"xc60" is not a valid choice.'] } }, fixed: () => ({ category_fields: { model: 'xc60' } }) },
  { rule: 'category_fields required on create', resource: 'car', kind: 'create', base: 'v4_car_create', broken: drop('category_fields'), errors: { category_fields: REQUIRED }, fixed: same },
  { rule: 'registration_number required for a car', resource: 'car', kind: 'create', base: 'v4_car_create', broken: drop('category_fields.registration_number'), errors: { category_fields: { registration_number: REQUIRED } }, fixed: same },
  { rule: 'category_id matches the vehicle type', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_id', 1060), errors: { category_id: ['"1060" is not a valid choice.'] }, fixed: set('category_id', 1020) },
  { rule: 'category_id required on create', resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: drop('category_id'), errors: { category_id: REQUIRED }, fixed: same },
  { rule: 'no category_id in a migrate body', resource: 'boat', kind: 'migrate', base: 'v4_boat_create', broken: (b) => ({ ...migrateOf(b), category_id: 1060 }), errors: { category_id: FORBIDDEN }, fixed: migrateOf },
  { rule: 'no unknown fields', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('colour', 'red'), errors: { colour: FORBIDDEN }, fixed: same },
  { rule: 'no unknown category fields', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.colour', 'red'), errors: { category_fields: { colour: FORBIDDEN } }, fixed: set('category_fields.color', 'red') },
  { rule: 'source_id required on create', resource: 'car', kind: 'create', base: 'v4_car_create', broken: drop('source_id'), errors: { source_id: REQUIRED }, fixed: same },
  { rule: 'source_id may not be blank', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('source_id', ''), errors: { source_id: ['This field may not be blank.'] }, fixed: set('source_id', 'a') },
  { rule: 'null only where nullable (create)', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('body', null), errors: { body: ['This field may not be null.'] }, fixed: set('body', 'text') },
  { rule: 'null clears a field on update', resource: 'car', kind: 'update', base: 'v4_car_create', broken: (b) => updateOf(set('visible', null)(b)), errors: { visible: ['This field may not be null.'] }, fixed: (b) => updateOf(set('body', null)(b)) },
  { rule: 'integers are integers', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.mileage', '45 000'), errors: { category_fields: { mileage: ['A valid integer is required.'] } }, fixed: set('category_fields.mileage', 45000) },
  { rule: 'integers are whole', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.mileage', 450.5), errors: { category_fields: { mileage: ['A valid integer is required.'] } }, fixed: set('category_fields.mileage', 450) },
  { rule: 'booleans are booleans', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('visible', 'yes'), errors: { visible: ['Must be a valid boolean.'] }, fixed: set('visible', false) },
  { rule: 'strings are strings', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('body', 42), errors: { body: ['Not a valid string.'] }, fixed: set('body', '42') },
  { rule: 'max length', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.model_variant', 'x'.repeat(101)), errors: { category_fields: { model_variant: ['Ensure this field has no more than 100 characters.'] } }, fixed: set('category_fields.model_variant', 'x'.repeat(100)) },
  { rule: 'URL fields are URLs', resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('url', 'not a url'), errors: { url: ['Enter a valid URL.'] }, fixed: set('url', 'https://example.com/x') },
  { rule: 'V3: title required unless registered', resource: 'v3', kind: 'create', base: 'v3_ad_create', broken: drop('title'), errors: { title: REQUIRED }, fixed: (b) => set('category_fields', { registration_number: 'ABC123' })(set('category_id', 1020)(drop('contact')(drop('title')(b)))) },
  { rule: 'V3: category_fields required when registered', resource: 'v3', kind: 'create', base: 'v3_ad_create', broken: (b) => set('category_id', 1020)(drop('contact')(drop('title')(b))), errors: { category_fields: REQUIRED }, fixed: same },
];

describe.each(RULES)('$rule ($resource $kind)', ({ resource, kind, base, broken, errors, fixed }) => {
  it('fails with the server\'s error body when broken', () => {
    expect(validatePayload(resource, kind, broken(example(base)))).toEqual({ success: false, errors });
  });
  it('passes when respected', () => {
    const outcome = validatePayload(resource, kind, fixed(example(base)));
    expect(outcome.success ? 'passes' : outcome.errors).toBe('passes');
  });
});

describe('non-field errors', () => {
  it('a body that is not an object is a bare array at the top level', () => {
    expect(validatePayload('car', 'create', 'text')).toEqual({ success: false, errors: ['Invalid data. Expected a dictionary, but got str.'] });
    expect(validatePayload('car', 'create', [])).toEqual({ success: false, errors: ['Invalid data. Expected a dictionary, but got list.'] });
  });

  it('several errors in one body are all reported, nested like the payload', () => {
    const body = withValue(withValue(withValue(example('v4_car_create'), 'title', 'x'), 'category_fields.brand', 'nope'), 'price', [{ type: 'list', amount: 1 }, { type: 'reduced', amount: 'x' }]);
    expect(validatePayload('car', 'create', body)).toEqual({
      success: false,
      errors: {
        category_fields: { brand: ['"nope" is not a valid choice.'] },
        price: { '1': { amount: ['A valid integer is required.'], type: ['"reduced" is not a valid choice.'] } },
        title: FORBIDDEN,
      },
    });
  });
});
