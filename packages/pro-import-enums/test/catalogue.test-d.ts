import { describe, expectTypeOf, it } from 'vitest';
import type { VehicleType } from '../src/index.js';
import { brand, isBrand, modelByBrand, type Brand, type Fuel, type ModelOfBrand } from '../src/generated/car.gen.js';

describe('catalogue types', () => {
  it('ids are a union of literals', () => {
    expectTypeOf<'volvo'>().toExtend<Brand>();
    expectTypeOf<'yamaha'>().not.toExtend<Brand>();
    expectTypeOf<Fuel>().toExtend<string>();
    expectTypeOf(brand.ids).toEqualTypeOf<readonly Brand[]>();
  });

  it('the guard narrows unknown to the union', () => {
    const value: unknown = 'volvo';
    if (isBrand(value)) expectTypeOf(value).toEqualTypeOf<Brand>();
  });

  it('models are typed per brand', () => {
    expectTypeOf<'xc60'>().toExtend<ModelOfBrand<'volvo'>>();
    expectTypeOf<'xc60'>().not.toExtend<ModelOfBrand<'saab'>>();
    expectTypeOf(modelByBrand.of('volvo')[0].id).toEqualTypeOf<'ex30'>();
    // @ts-expect-error a Saab model is not a Volvo model
    modelByBrand.nameOf('volvo', '9-3');
  });

  it('vehicle types are a union of names', () => {
    expectTypeOf<'agriculture-thresher'>().toExtend<VehicleType>();
    expectTypeOf<'plane'>().not.toExtend<VehicleType>();
  });
});
