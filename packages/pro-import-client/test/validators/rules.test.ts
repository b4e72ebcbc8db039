import { describe, expect, it } from 'vitest';
import { flattenErrors } from '../../src/runtime/errors.js';
import { UNKNOWN_FIELD, validatePayload, type DrfErrorBody, type PayloadKind } from '../../src/validators/index.js';
import { REMOVE, example, withValue } from './payloads.js';

type Body = Record<string, unknown>;
type Rule = {
  rule: string;
  /** Stated by the documents (refuses), or inferred/reconstructed (warns; refuses in strict mode). */
  documented: boolean;
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

/**
 * Each rule twice: the payload that breaks it gets exactly this body; the same payload respecting it passes.
 * `documented` rules refuse by default. The others (inferred or reconstructed, see PROVENANCE.md) are warnings by
 * default, at exactly these paths and with these messages, and refuse with this body in strict mode.
 */
const RULES: Rule[] = [
  { rule: 'title is forbidden for a registered vehicle', documented: true, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('title', 'Volvo XC60'), errors: { title: FORBIDDEN }, fixed: same },
  { rule: 'contact is forbidden for a registered vehicle', documented: true, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('contact', CONTACT), errors: { contact: FORBIDDEN }, fixed: same },
  { rule: 'title is required for a boat', documented: true, resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: drop('title'), errors: { title: REQUIRED }, fixed: same },
  { rule: 'contact is required for a truck', documented: true, resource: 'truck', kind: 'create', base: 'v4_truck_create', broken: drop('contact'), errors: { contact: REQUIRED }, fixed: same },
  { rule: 'title may not be blank', documented: false, resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('title', ''), errors: { title: ['This field may not be blank.'] }, fixed: set('title', 'Buster') },
  { rule: 'reduced price is not allowed on create', documented: true, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('price', [{ type: 'list', amount: 100 }, { type: 'reduced', amount: 90 }]), errors: { price: { '1': { type: ['"reduced" is not a valid choice.'] } } }, fixed: set('price', [{ type: 'list', amount: 100 }]) },
  { rule: 'reduced price is allowed on update', documented: true, resource: 'car', kind: 'update', base: 'v4_car_create', broken: (b) => updateOf(set('price', [{ type: 'discount', amount: 90 }])(b)), errors: { price: { '0': { type: ['"discount" is not a valid choice.'] } } }, fixed: (b) => updateOf(set('price', [{ type: 'reduced', amount: 90 }])(b)) },
  { rule: 'leasing only for registered vehicles ("only supported by registered vehicle categories": not a stated refusal)', documented: false, resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('price', [{ type: 'leasing', amount: 5000 }]), errors: { price: { '0': { type: ['"leasing" is not a valid choice.'] } } }, fixed: set('price', [{ type: 'list', amount: 5000 }]) },
  { rule: 'a price is not negative', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('price', [{ type: 'leasing', amount: -1 }]), errors: { price: { '0': { amount: ['Ensure this value is greater than or equal to 0.'] } } }, fixed: set('price', [{ type: 'leasing', amount: 4995 }]) },
  { rule: 'a price is in whole kronor', documented: false, resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('price', [{ type: 'list', amount: 4995.5 }]), errors: { price: { '0': { amount: ['A valid integer is required.'] } } }, fixed: set('price', [{ type: 'list', amount: 4995 }]) },
  { rule: 'latitude and longitude together', documented: true, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('location', { latitude: 59.33 }), errors: { location: { non_field_errors: ['"latitude" and "longitude" must be provided together.'] } }, fixed: set('location', { latitude: 59.33, longitude: 18.06 }) },
  { rule: 'only one location alternative', documented: false, resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('location', { zipcode: '11122', lkf: '0180' }), errors: { location: { non_field_errors: ['Provide only one of: "latitude" and "longitude", "zipcode", "lkf".'] } }, fixed: set('location', { lkf: '0180' }) },
  { rule: 'an empty location names the alternatives', documented: false, resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('location', {}), errors: { location: { non_field_errors: ['Provide one of: "latitude" and "longitude", "zipcode", "lkf".'] } }, fixed: set('location', null) },
  { rule: 'zipcode without spaces', documented: true, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('location', { zipcode: '111 22' }), errors: { location: { zipcode: ['Enter a valid value.'] } }, fixed: set('location', { zipcode: '11122' }) },
  { rule: 'lkf of 4 or 6 digits', documented: true, resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('location', { lkf: '01801' }), errors: { location: { lkf: ['Enter a valid value.'] } }, fixed: set('location', { lkf: '018001' }) },
  { rule: 'no lkf for registered vehicles ("Not supported for registered vehicles": not a stated refusal)', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('location', { lkf: '0180' }), errors: { location: { lkf: FORBIDDEN } }, fixed: set('location', { zipcode: '11122' }) },
  { rule: 'phone digits with optional +', documented: true, resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('contact.phone', '070-1234567'), errors: { contact: { phone: ['Enter a valid value.'] } }, fixed: set('contact.phone', '0701234567') },
  { rule: 'phone at least 8 characters', documented: true, resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('contact.phone', '+467012'), errors: { contact: { phone: ['Ensure this field has at least 8 characters.'] } }, fixed: set('contact.phone', '+4670123') },
  { rule: 'phone at most 16 characters', documented: true, resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('contact.phone', '+4670123456789012'), errors: { contact: { phone: ['Ensure this field has no more than 16 characters.'] } }, fixed: set('contact.phone', '+467012345678901') },
  { rule: 'contact email required', documented: true, resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: drop('contact.email'), errors: { contact: { email: REQUIRED } }, fixed: same },
  { rule: 'contact email valid', documented: false, resource: 'bus', kind: 'create', base: 'v4_bus_create', broken: set('contact.email', 'anna(at)example.com'), errors: { contact: { email: ['Enter a valid email address.'] } }, fixed: set('contact.email', 'anna@example.com') },
  { rule: 'image URLs are http(s) URLs', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('image_urls', ['https://cdn.example.com/1.jpg', 'ftp://cdn.example.com/2.jpg']), errors: { image_urls: { '1': ['Enter a valid URL.'] } }, fixed: set('image_urls', ['https://cdn.example.com/1.jpg', 'http://cdn.example.com/2']) },
  { rule: 'image_urls is a list', documented: true, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('image_urls', 'https://cdn.example.com/1.jpg'), errors: { image_urls: ['Expected a list of items but got type "str".'] }, fixed: set('image_urls', []) },
  { rule: 'at most 38 images on V3', documented: true, resource: 'v3', kind: 'create', base: 'v3_ad_create', broken: set('image_urls', images(39)), errors: { image_urls: ['Ensure this field has no more than 38 elements.'] }, fixed: set('image_urls', images(38)) },
  { rule: 'video_url is on YouTube or Vimeo', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('video_url', 'https://dailymotion.com/video/x1'), errors: { video_url: ['Enter a valid value.'] }, fixed: set('video_url', 'https://vimeo.com/channels/staffpicks') },
  { rule: 'category_fields values come from the catalogue', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.brand', 'invalid_brand'), errors: { category_fields: { brand: ['"invalid_brand" is not a valid choice.'] } }, fixed: set('category_fields.brand', 'volvo') },
  { rule: 'nested catalogue values (boat powertrain.fuel)', documented: false, resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: set('category_fields.powertrain.fuel', 'coal'), errors: { category_fields: { powertrain: { fuel: ['"coal" is not a valid choice.'] } } }, fixed: set('category_fields.powertrain.fuel', 'diesel') },
  { rule: 'list catalogue values (equipments)', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.equipments', ['tow_hitch', 'jetpack']), errors: { category_fields: { equipments: { '1': ['"jetpack" is not a valid choice.'] } } }, fixed: set('category_fields.equipments', ['tow_hitch']) },
  { rule: 'list values are unique (uniqueItems)', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.equipments', ['tow_hitch', 'tow_hitch']), errors: { category_fields: { equipments: { '1': ['This list may not contain duplicate items.'] } } }, fixed: set('category_fields.equipments', ['tow_hitch', 'navigation']) },
  { rule: 'car model must be one of the brand\'s models', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.model', 'golf'), errors: { category_fields: { model: ['"golf" is not a valid choice.'] } }, fixed: (b) => set('category_fields.brand', 'volkswagen')(set('category_fields.model', 'golf')(b)) },
  { rule: 'car model checked on patch when the brand is sent', documented: false, resource: 'car', kind: 'patch', base: 'v4_car_create', broken: () => ({ category_fields: { brand: 'saab', model: 'xc60' } }), errors: { category_fields: { model: ['"xc60" is not a valid choice.'] } }, fixed: () => ({ category_fields: { model: 'xc60' } }) },
  { rule: 'category_fields required on create', documented: true, resource: 'car', kind: 'create', base: 'v4_car_create', broken: drop('category_fields'), errors: { category_fields: REQUIRED }, fixed: same },
  { rule: 'category_fields required on migrate', documented: true, resource: 'boat', kind: 'migrate', base: 'v4_boat_create', broken: (b) => drop('category_fields')(migrateOf(b)), errors: { category_fields: REQUIRED }, fixed: migrateOf },
  { rule: 'registration_number required for a car', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: drop('category_fields.registration_number'), errors: { category_fields: { registration_number: REQUIRED } }, fixed: same },
  { rule: 'category_id matches the vehicle type', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_id', 1060), errors: { category_id: ['"1060" is not a valid choice.'] }, fixed: set('category_id', 1020) },
  { rule: 'category_id required on create', documented: true, resource: 'boat', kind: 'create', base: 'v4_boat_create', broken: drop('category_id'), errors: { category_id: REQUIRED }, fixed: same },
  { rule: 'no category_id in a migrate body ("Do not include category_id": an instruction, not a stated refusal)', documented: false, resource: 'boat', kind: 'migrate', base: 'v4_boat_create', broken: (b) => ({ ...migrateOf(b), category_id: 1060 }), errors: { category_id: FORBIDDEN }, fixed: migrateOf },
  { rule: 'unknown fields are ignored by the server (a typo?)', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('colour', 'red'), errors: { colour: FORBIDDEN }, fixed: same },
  { rule: 'unknown category fields', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.colour', 'red'), errors: { category_fields: { colour: FORBIDDEN } }, fixed: set('category_fields.color', 'red') },
  { rule: 'source_id required on create', documented: true, resource: 'car', kind: 'create', base: 'v4_car_create', broken: drop('source_id'), errors: { source_id: REQUIRED }, fixed: same },
  { rule: 'source_id may not be blank', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('source_id', ''), errors: { source_id: ['This field may not be blank.'] }, fixed: set('source_id', 'a') },
  { rule: 'a boolean is not null', documented: true, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('visible', null), errors: { visible: ['This field may not be null.'] }, fixed: set('body', null) },
  { rule: 'null clears a field on update', documented: true, resource: 'car', kind: 'update', base: 'v4_car_create', broken: (b) => updateOf(set('visible', null)(b)), errors: { visible: ['This field may not be null.'] }, fixed: (b) => updateOf(set('category_fields.color', null)(set('body', null)(b))) },
  { rule: 'category field integers are integers', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.mileage', '45 000'), errors: { category_fields: { mileage: ['A valid integer is required.'] } }, fixed: set('category_fields.mileage', 45000) },
  { rule: 'category field integers are whole', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.mileage', 450.5), errors: { category_fields: { mileage: ['A valid integer is required.'] } }, fixed: set('category_fields.mileage', 450) },
  { rule: 'booleans are booleans', documented: true, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('visible', 'maybe'), errors: { visible: ['Must be a valid boolean.'] }, fixed: set('visible', false) },
  { rule: 'strings are strings', documented: true, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('body', { text: 'x' }), errors: { body: ['Not a valid string.'] }, fixed: set('body', '42') },
  // Django REST Framework converts these to the documented type (api.config.json coercion): warnings, strict refuses.
  { rule: 'a number for a string field is stored as its string (DRF)', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('source_id', 12345), errors: { source_id: ['Not a valid string.'] }, fixed: set('source_id', '12345') },
  { rule: '"true"/"false"/1/0 for a boolean (DRF)', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('visible', 'true'), errors: { visible: ['Must be a valid boolean.'] }, fixed: set('visible', true) },
  { rule: '"1020" for an integer (DRF)', documented: false, resource: 'v3', kind: 'create', base: 'v3_ad_create', broken: set('category_id', '2043'), errors: { category_id: ['"2043" is not a valid choice.'] }, fixed: set('category_id', 2043) },
  { rule: 'max length', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('category_fields.model_variant', 'x'.repeat(101)), errors: { category_fields: { model_variant: ['Ensure this field has no more than 100 characters.'] } }, fixed: set('category_fields.model_variant', 'x'.repeat(100)) },
  { rule: 'URL fields are URLs', documented: false, resource: 'car', kind: 'create', base: 'v4_car_create', broken: set('url', 'not a url'), errors: { url: ['Enter a valid URL.'] }, fixed: set('url', 'https://example.com/x') },
  { rule: 'V3: title required unless registered', documented: true, resource: 'v3', kind: 'create', base: 'v3_ad_create', broken: drop('title'), errors: { title: REQUIRED }, fixed: (b) => set('category_fields', { registration_number: 'ABC123' })(set('category_id', 1020)(drop('contact')(drop('title')(b)))) },
  { rule: 'V3: category_fields required when registered', documented: true, resource: 'v3', kind: 'create', base: 'v3_ad_create', broken: (b) => set('category_id', 1020)(drop('contact')(drop('title')(b))), errors: { category_fields: REQUIRED }, fixed: same },
  { rule: 'V3: a trailer is a simple ad: title and contact, no category_fields', documented: false, resource: 'v3', kind: 'create', base: 'v3_ad_create', broken: (b) => set('category_id', 1045)(drop('title')(b)), errors: { title: REQUIRED }, fixed: set('category_id', 1045) },
  { rule: 'V3: phone is digits only', documented: true, resource: 'v3', kind: 'create', base: 'v3_ad_create', broken: set('contact.phone', '+46701234567'), errors: { contact: { phone: ['Enter a valid value.'] } }, fixed: set('contact.phone', '0701234567') },
];

/** The expected body as warnings: one per message, unknown fields worded as warnings. */
function asWarnings(errors: DrfErrorBody): Array<[string, string]> {
  return flattenErrors(errors).flatMap((p) => p.messages.map((m): [string, string] => [p.path, m === FORBIDDEN[0] ? UNKNOWN_FIELD : m]));
}

describe.each(RULES)('$rule ($resource $kind)', ({ documented, resource, kind, base, broken, errors, fixed }) => {
  if (documented) {
    it('is documented: fails with the server\'s error body when broken', () => {
      expect(validatePayload(resource, kind, broken(example(base)))).toEqual({ success: false, errors, warnings: [] });
    });
  } else {
    it('is not documented: passes with a warning at each place, naming its source', () => {
      const outcome = validatePayload(resource, kind, broken(example(base)));
      expect(outcome.success ? 'passes' : outcome.errors).toBe('passes');
      expect(outcome.warnings.map((w) => [w.path, w.message])).toEqual(asWarnings(errors));
      for (const warning of outcome.warnings) {
        expect(['inferred', 'reconstructed']).toContain(warning.source.kind);
        expect(warning.source.reason.length).toBeGreaterThan(20);
      }
    });
    it('strict mode: fails with the error body', () => {
      expect(validatePayload(resource, kind, broken(example(base)), { strict: true })).toEqual({ success: false, errors, warnings: [] });
    });
  }
  it('passes when respected, without warnings', () => {
    const outcome = validatePayload(resource, kind, fixed(example(base)), { strict: true });
    expect(outcome.success ? outcome.warnings : outcome.errors).toEqual([]);
  });
});

describe('non-field errors', () => {
  it('a body that is not an object is a bare array at the top level', () => {
    expect(validatePayload('car', 'create', 'text')).toEqual({ success: false, errors: ['Invalid data. Expected a dictionary, but got str.'], warnings: [] });
    expect(validatePayload('car', 'create', [])).toEqual({ success: false, errors: ['Invalid data. Expected a dictionary, but got list.'], warnings: [] });
  });

  it('several errors in one body are all reported, nested like the payload; the guesses are warnings beside them', () => {
    const body = withValue(withValue(withValue(example('v4_car_create'), 'title', 'x'), 'category_fields.brand', 'nope'), 'price', [{ type: 'list', amount: 1 }, { type: 'reduced', amount: 'x' }]);
    const outcome = validatePayload('car', 'create', body);
    expect(outcome).toMatchObject({
      success: false,
      errors: { price: { '1': { type: ['"reduced" is not a valid choice.'] } }, title: FORBIDDEN },
    });
    expect(outcome.warnings.map((w) => [w.path, w.message])).toEqual([
      ['category_fields.brand', '"nope" is not a valid choice.'],
      ['price.1.amount', 'A valid number is required.'],
    ]);
    expect(validatePayload('car', 'create', body, { strict: true })).toEqual({
      success: false,
      warnings: [],
      errors: {
        category_fields: { brand: ['"nope" is not a valid choice.'] },
        price: { '1': { amount: ['A valid number is required.'], type: ['"reduced" is not a valid choice.'] } },
        title: FORBIDDEN,
      },
    });
  });
});

describe("a dealer's ordinary stock is not refused on the reconstruction's guesses", () => {
  const car = example('v4_car_create');
  const accepted = (resource: string, kind: PayloadKind, body: Body) => {
    const outcome = validatePayload(resource, kind, body);
    return outcome.success ? 'accepted' : outcome.errors;
  };

  it.each([
    ['a Porsche (a brand the reconstructed catalogue lacks)', set('category_fields.brand', 'porsche')],
    ['a Volvo S60 (a model the reconstructed catalogue lacks)', set('category_fields.model', 's60')],
    ['a plate written with a space', set('category_fields.registration_number', 'ABC 123')],
    ['image URLs without a file extension', set('image_urls', ['https://img.example.com/photo/12345', 'https://img.example.com/photo/12346?w=1200'])],
    ['a Vimeo channel link', set('video_url', 'https://vimeo.com/channels/staffpicks')],
    ['a YouTube short link', set('video_url', 'https://youtu.be/dQw4w9WgXcQ')],
    ['a price with decimals', set('price', [{ type: 'list', amount: 129900.5, currency: 'SEK' }])],
  ])('%s', (_what, change) => {
    expect(accepted('car', 'create', change(car))).toBe('accepted');
  });

  it('a partial PUT (PUT and PATCH are functionally equivalent)', () => {
    expect(validatePayload('car', 'update', { price: [{ type: 'reduced', amount: 399900 }] })).toEqual({
      success: true,
      data: { price: [{ type: 'reduced', amount: 399900 }] },
      warnings: [],
    });
  });

  it('an optional field, category fields included, cleared with null', () => {
    expect(validatePayload('boat', 'patch', { body: null, video_url: null, category_fields: { sleeping_places: null, powertrain: null } }).warnings).toEqual([]);
  });

  it('a boat read back with GET and sent again with PATCH or PUT: read-only fields are ignored, not refused', () => {
    const read = {
      ...example('v4_boat_create'),
      id: '0d6f6f1e-6a0b-4a55-9b0a-1c9a6f4c9f00',
      dealer_code: 'D1',
      state: 'created',
      api_version: 'v4',
      image_refs: [{ url: 'https://cdn.example.com/1.jpg', cdn_url: 'https://i.blocket.se/1.jpg', id: 'img1', checksum: 'abc' }],
      blocket_ad_id: '1234567',
      created: '2026-11-20T10:00:00Z',
      updated: '2026-11-20T10:00:05Z',
      log: [],
    };
    for (const kind of ['patch', 'update'] as const) {
      const outcome = validatePayload('boat', kind, read, { strict: true });
      expect(outcome.success ? outcome.warnings : outcome.errors).toEqual([]);
    }
  });

  it('a car read back with GET still carries its generated title, which the documents say must not be sent', () => {
    const read = { ...car, title: 'Volvo XC60 2021', state: 'created' };
    expect(validatePayload('car', 'patch', read)).toMatchObject({ success: false, errors: { title: FORBIDDEN } });
  });

  it('a V3 trailer as a simple ad: no category_fields', () => {
    expect(validatePayload('v3', 'create', { ...example('v3_ad_create'), category_id: 1045 }, { strict: true })).toMatchObject({ success: true, warnings: [] });
  });

  it('an A-tractor (1122) through the moped endpoint', () => {
    expect(validatePayload('moped', 'create', { ...example('v4_moped_create'), category_id: 1122 }, { strict: true })).toMatchObject({ success: true, warnings: [] });
  });
});
