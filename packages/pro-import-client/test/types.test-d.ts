import { describe, expectTypeOf, it } from 'vitest';
import {
  createProImportClient,
  type CarUpdateBody,
  type components,
  type MergePatch,
  type PageItem,
  type RequestBody,
  type SuccessData,
  type V4BoatCreate,
  type V4BoatPartialUpdate,
  type V4BoatUpdate,
  type V4CarCreate,
  type V4CarMigrateCreate,
  type V4CarUpdate,
  type WaitResult,
} from '../src/index.js';

type Schemas = components['schemas'];
type CarCreate = RequestBody<V4CarCreate>;
type BoatCreate = RequestBody<V4BoatCreate>;
type PriceType<Body> = Body extends { price?: ReadonlyArray<infer P> | null } ? (P extends { type?: infer T } ? NonNullable<T> : never) : never;
/** What a body's location accepts as `lkf` (`never`: lkf must not be sent). */
type Lkf<Body> = Body extends { location?: infer L } ? NonNullable<L extends { lkf?: infer V } ? V : never> : never;

const client = createProImportClient({ token: 't' });
const car: CarCreate = {
  source_id: 'car-1',
  category_id: 1020,
  category_fields: { registration_number: 'ABC123', brand: 'volvo', model: 'xc60', mileage: 45000 },
};
const boat: BoatCreate = {
  source_id: 'boat-1',
  category_id: 1060,
  title: 'Fin båt',
  contact: { email: 'saljare@example.com' },
  category_fields: { boat_type: 'motorboat', brand: 'buster', model: 'Magnum', model_year: 2019 },
};

describe('the documented rules, as types', () => {
  it('a car create has no title or contact (the API generates them)', () => {
    expectTypeOf<NonNullable<CarCreate['title']>>().toBeNever();
    expectTypeOf<NonNullable<CarCreate['contact']>>().toBeNever();
    // @ts-expect-error title must not be sent for registered vehicles
    client.car.create({ source_id: 'c', category_id: 1020, category_fields: car.category_fields, title: 'x' });
    // @ts-expect-error contact must not be sent for registered vehicles
    client.car.create({ source_id: 'c', category_id: 1020, category_fields: car.category_fields, contact: { email: 'a@b.se' } });
    expectTypeOf(client.car.create).toBeCallableWith(car);
  });

  it('a boat requires title and contact', () => {
    expectTypeOf<BoatCreate['title']>().toEqualTypeOf<string>();
    expectTypeOf<BoatCreate>().toHaveProperty('contact');
    // @ts-expect-error title is required for non-registered vehicles
    client.boat.create({ source_id: 'b', category_id: 1060, contact: { email: 'a@b.se' }, category_fields: boat.category_fields });
    // @ts-expect-error contact is required for non-registered vehicles
    client.boat.create({ source_id: 'b', category_id: 1060, title: 't', category_fields: boat.category_fields });
    expectTypeOf(client.boat.create).toBeCallableWith(boat);
  });

  it('reduced is not accepted on create, only on update and patch', () => {
    expectTypeOf<PriceType<CarCreate>>().toEqualTypeOf<'list' | 'leasing'>();
    expectTypeOf<PriceType<BoatCreate>>().toEqualTypeOf<'list' | 'leasing'>();
    expectTypeOf<PriceType<RequestBody<V4CarUpdate>>>().toEqualTypeOf<'list' | 'reduced' | 'leasing'>();
    expectTypeOf<PriceType<RequestBody<V4BoatUpdate>>>().toEqualTypeOf<'list' | 'reduced' | 'leasing'>();
    expectTypeOf<PriceType<RequestBody<V4BoatPartialUpdate>>>().toEqualTypeOf<'list' | 'reduced' | 'leasing'>();
    // @ts-expect-error reduced is not allowed on POST
    client.car.create({ ...car, price: [{ type: 'reduced', amount: 1, currency: 'SEK' }] });
  });

  it('leasing on a non-registered type and lkf on a registered one compile: "only supported" / "Not supported" state no refusal (warnings)', () => {
    expectTypeOf(client.boat.create).toBeCallableWith({ ...boat, price: [{ type: 'leasing', amount: 1, currency: 'SEK' }] });
    expectTypeOf(client.car.create).toBeCallableWith({ ...car, price: [{ type: 'leasing', amount: 1, currency: 'SEK' }] });
    expectTypeOf<Lkf<BoatCreate>>().toEqualTypeOf<string>();
    expectTypeOf(client.car.create).toBeCallableWith({ ...car, location: { zipcode: '11122', lkf: '0180' } });
    expectTypeOf(client.boat.create).toBeCallableWith({ ...boat, location: { lkf: '0180' } });
  });

  it('PUT and PATCH take a merge patch: a nested object may be partial, a nested member null', () => {
    expectTypeOf(client.boat.patch).toBeCallableWith('b', { contact: { phone: '0701234567' } });
    expectTypeOf(client.boat.update).toBeCallableWith('b', { location: { latitude: 59.3 } });
    expectTypeOf(client.boat.patchAndWait).toBeCallableWith('b', { category_fields: { powertrain: { horsepower: 250 } } });
    expectTypeOf(client.boat.patch).toBeCallableWith('b', { contact: { name: null } });
    // @ts-expect-error still the documented types: a phone is a string
    client.boat.patch('b', { contact: { phone: 701234567 } });
    // @ts-expect-error a registered vehicle's title must not be sent, in a patch too
    client.car.patch('c', { title: 'x' });
  });

  it('an ad read back with GET can be sent again with PATCH (non-registered: nothing of it is refused)', async () => {
    const read = await client.boat.get('b');
    expectTypeOf(client.boat.patch).toBeCallableWith('b', read);
    expectTypeOf(client.boat.update).toBeCallableWith('b', read);
  });

  it('migrate has no category_id; update has no source_id', () => {
    // "Do not include category_id": an instruction, so it compiles (and warns); the URL decides the category.
    expectTypeOf<RequestBody<V4CarMigrateCreate>>().toHaveProperty('category_id');
    expectTypeOf<RequestBody<V4CarUpdate>>().not.toHaveProperty('source_id');
  });
});

describe('method signatures', () => {
  it('path params are positional, in path order, then the body', () => {
    expectTypeOf(client.car.get).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(client.car.update).parameter(1).toEqualTypeOf<CarUpdateBody>();
    expectTypeOf(client.car.get('x')).resolves.toEqualTypeOf<Schemas['CarAd']>();
    expectTypeOf(client.car.create(car)).resolves.toEqualTypeOf<Schemas['CarAd']>();
    expectTypeOf(client.vehicles.values).toBeCallableWith('car', 'brand');
    // @ts-expect-error the vehicle type is one of the documented ones
    client.vehicles.values('spaceship', 'brand');
    expectTypeOf(client.vehicles.carModels).toBeCallableWith({ brand: 'volvo' });
  });

  it('filters are typed, accept Date for date ranges and arrays for __in', () => {
    expectTypeOf(client.car.list).toBeCallableWith({ created__gte: new Date(), source_id__in: ['a', 'b'], limit: 10 });
    expectTypeOf(client.ads.log).toBeCallableWith('a', { action: 'publish', state: 'error' });
    // @ts-expect-error not a documented filter
    client.car.list({ colour: 'red' });
    // @ts-expect-error not a log action
    client.ads.log('a', { action: 'paint' });
  });

  it('iterators yield the list items and wait helpers return the ad and entries', () => {
    expectTypeOf(client.car.iterate()).toEqualTypeOf<AsyncIterableIterator<Schemas['CarAd']>>();
    expectTypeOf(client.ads.iterateLog('a')).toEqualTypeOf<AsyncIterableIterator<Schemas['LogEntry']>>();
    expectTypeOf(client.boat.createAndWait(boat)).resolves.toEqualTypeOf<WaitResult<Schemas['BoatAd'], Schemas['LogEntry']>>();
    expectTypeOf<PageItem<SuccessData<V4CarCreate>>>().toBeNever();
    // @ts-expect-error waitFor needs a known action
    client.car.waitFor('a', { requestId: 'r', action: 'paint' });
  });
});

describe('response metadata, as types', () => {
  it('a call is an ApiPromise of its body; withResponse() adds status, headers, request id and attempts', () => {
    expectTypeOf(client.car.get('car-1')).toMatchTypeOf<Promise<SuccessData<import('../src/index.js').V4CarRetrieve>>>();
    expectTypeOf(client.car.get('car-1').withResponse()).resolves.toEqualTypeOf<import('../src/index.js').Sent<SuccessData<import('../src/index.js').V4CarRetrieve>>>();
    expectTypeOf<import('../src/index.js').Sent<unknown>['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf(client.use({ onResponse: () => undefined })).toEqualTypeOf(client);
    // @ts-expect-error per-call headers are strings
    void client.car.get('car-1', { headers: { 'X-Trace': 1 } });
  });
});
