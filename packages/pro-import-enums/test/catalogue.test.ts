import { describe, expect, it } from 'vitest';
import { isVehicleType, registeredVehicleTypes, vehicleTypeOfCategory, vehicleTypes } from '../src/index.js';
import { defineCatalogue, defineChildCatalogue } from '../src/runtime/catalogue.js';
import * as car from '../src/generated/car.gen.js';

describe('defineCatalogue', () => {
  const fuel = defineCatalogue('fuel', [
    { id: 'diesel', name: 'Diesel' },
    { id: 'petrol', name: 'Petrol' },
  ] as const);

  it.each([
    ['diesel', true],
    ['petrol', true],
    ['Diesel', false],
    ['', false],
    [1, false],
    [null, false],
  ])('is(%j) is %s', (value, expected) => {
    expect(fuel.is(value)).toBe(expected);
  });

  it('lists ids in value order and names them', () => {
    expect(fuel.ids).toEqual(['diesel', 'petrol']);
    expect(fuel.nameOf('petrol')).toBe('Petrol');
  });

  it('throws, naming the attribute, for an id it does not have', () => {
    expect(() => fuel.nameOf('coal' as 'diesel')).toThrow('"coal" is not a value of fuel; use one of its ids (fuel.ids).');
  });
});

describe('defineChildCatalogue', () => {
  const models = defineChildCatalogue('model', 'brand', {
    saab: [{ id: '9-3', name: '9-3' }],
    volvo: [
      { id: 'v60', name: 'V60' },
      { id: 'xc60', name: 'XC60' },
    ],
  } as const);

  it('looks up the values of a parent, and nothing for an unknown parent', () => {
    expect(models.of('volvo').map((m) => m.id)).toEqual(['v60', 'xc60']);
    expect(models.of('lada')).toEqual([]);
  });

  it.each([
    ['volvo', 'xc60', true],
    ['saab', 'xc60', false],
    ['volvo', 'XC60', false],
  ] as const)('is(%s, %s) is %s', (parent, value, expected) => {
    expect(models.is(parent, value)).toBe(expected);
  });

  it('names a child under its parent and throws for a pair it does not know', () => {
    expect(models.nameOf('volvo', 'xc60')).toBe('XC60');
    expect(() => models.nameOf('saab', 'xc60' as '9-3')).toThrow('"xc60" is not a model of brand "saab"; the ids it accepts are those of .of("saab").');
  });
});

describe('generated car module', () => {
  it('has a catalogue, a guard and names for every listed attribute', () => {
    expect(car.attributes.map((a) => a.id)).toContain('brand');
    expect(car.isBrand('volvo')).toBe(true);
    expect(car.isBrand('yamaha')).toBe(false);
    expect(car.brand.nameOf('mercedes-benz')).toBe('Mercedes-Benz');
    expect(car.isFuel('diesel')).toBe(true);
  });

  it('keys models by brand, every brand key being a brand id', () => {
    for (const key of Object.keys(car.modelByBrand.values)) expect(car.isBrand(key)).toBe(true);
    expect(car.modelByBrand.is('volvo', 'xc60')).toBe(true);
  });
});

describe('index', () => {
  it('lists the 16 vehicle types with their category ids and registered flag', () => {
    expect(vehicleTypes).toHaveLength(16);
    expect(vehicleTypes.find((t) => t.name === 'boat')).toEqual({ name: 'boat', categoryId: 1060, registered: false, module: '@x/pro-import-enums/boat' });
    expect(registeredVehicleTypes).toEqual(['atv', 'camper', 'car', 'caravan', 'moped', 'motorcycle', 'snowmobile', 'trailer', 'transport']);
    expect(vehicleTypeOfCategory(1323)).toBe('construction');
    expect(vehicleTypeOfCategory(1)).toBeUndefined();
    expect(isVehicleType('agriculture-tools')).toBe(true);
    expect(isVehicleType('plane')).toBe(false);
  });
});
