import { describe, expectTypeOf, it } from 'vitest';
import type { paths, RequestBody, RESOURCES } from '../src/index.js';

/** The documented rules hold for every vehicle type of the snapshot, not only car and boat. */
type Facts = typeof RESOURCES;
type Name = keyof Facts & string;
type Registered = { [K in Name]: Facts[K]['registered'] extends true ? K : never }[Name];
type NonRegistered = Exclude<Name, Registered>;

type Path<K extends string> = `/v4/${K}` & keyof paths;
type CreateOf<K extends string> = K extends string ? RequestBody<paths[Path<K>]['post']> : never;
type UpdateOf<K extends string> = K extends string ? RequestBody<paths[`/v4/${K}/{source_id}` & keyof paths]['put']> : never;

type PriceType<Body> = Body extends { price?: ReadonlyArray<infer P> | null } ? (P extends { type?: infer T } ? NonNullable<T> : never) : never;
/** The types (of K) whose create body accepts a `title` (or `contact`): a key whose type is not `never`. */
type WithKey<K extends string, Key extends string> = K extends string
  ? Key extends keyof CreateOf<K>
    ? [NonNullable<CreateOf<K>[Key]>] extends [never]
      ? never
      : K
    : never
  : never;
/** The types (of K) whose create body does not require `title` and `contact`. */
type NotRequiring<K extends string> = K extends string ? (CreateOf<K> extends { title: string; contact: object } ? never : K) : never;
/** The types (of K) whose location accepts `lkf`. */
type WithLkf<K extends string> = K extends string ? (CreateOf<K> extends { location?: infer L } ? ([NonNullable<L extends { lkf?: infer V } ? V : never>] extends [never] ? never : K) : never) : never;

describe('every vehicle type', () => {
  it('splits into registered and non-registered as api.config.json says', () => {
    expectTypeOf<Registered>().toEqualTypeOf<'atv' | 'camper' | 'car' | 'caravan' | 'moped' | 'motorcycle' | 'snowmobile' | 'trailer' | 'transport'>();
    expectTypeOf<NonRegistered>().toEqualTypeOf<
      'agriculture-thresher' | 'agriculture-tools' | 'agriculture-tractor' | 'boat' | 'bus' | 'construction' | 'truck'
    >();
  });

  it('registered: no title, no contact, leasing allowed; lkf compiles ("Not supported" is not a stated refusal: a warning)', () => {
    expectTypeOf<WithKey<Registered, 'title'>>().toBeNever();
    expectTypeOf<WithKey<Registered, 'contact'>>().toBeNever();
    expectTypeOf<PriceType<CreateOf<Registered>>>().toEqualTypeOf<'list' | 'leasing'>();
    expectTypeOf<WithLkf<Registered>>().toEqualTypeOf<Registered>();
  });

  it('non-registered: title and contact required, leasing compiles ("only supported by registered vehicle categories": a warning), lkf allowed', () => {
    expectTypeOf<NotRequiring<NonRegistered>>().toBeNever();
    // Not vacuous: the same check names every registered type.
    expectTypeOf<NotRequiring<Registered>>().toEqualTypeOf<Registered>();
    expectTypeOf<PriceType<CreateOf<NonRegistered>>>().toEqualTypeOf<'list' | 'leasing'>();
    expectTypeOf<WithLkf<NonRegistered>>().toEqualTypeOf<NonRegistered>();
  });

  it('reduced only on update', () => {
    expectTypeOf<Extract<PriceType<UpdateOf<Registered>>, 'reduced'>>().toEqualTypeOf<'reduced'>();
    expectTypeOf<PriceType<UpdateOf<NonRegistered>>>().toEqualTypeOf<'list' | 'reduced' | 'leasing'>();
    expectTypeOf<Extract<PriceType<CreateOf<Name>>, 'reduced'>>().toBeNever();
  });
});
