import { describe, expect, it } from 'vitest';
import { parseApiConfig } from '../src/config.js';
import { parseCatalogue } from '../src/catalogue.js';
import { fixtureConfig } from './fixture.js';

describe('parseApiConfig', () => {
  it('accepts a complete config and drops $comment keys', () => {
    const raw = { ...fixtureConfig(), namespaces: { $comment: 'x', item: 'items' } };
    expect(parseApiConfig(raw, 'api.config.json').namespaces).toEqual({ item: 'items' });
  });

  it('names the field that is wrong', () => {
    const raw = { ...fixtureConfig(), resources: { bike: { categoryId: '1', registered: false } } };
    expect(() => parseApiConfig(raw, 'api.config.json')).toThrow('api.config.json #/resources/bike/categoryId: expected a number, got "1"');
  });
});

describe('parseCatalogue', () => {
  it('sorts every list by id', () => {
    const catalogue = parseCatalogue(
      { attributes: [{ id: 'brand', name: 'Brand' }], values: { brand: [{ id: 'volvo', name: 'Volvo' }, { id: 'audi', name: 'Audi' }] } },
      'car',
      'car.json',
    );
    expect(catalogue.values.brand?.map((v) => v.id)).toEqual(['audi', 'volvo']);
  });

  it('rejects duplicates and attributes without values, with their location', () => {
    expect(() => parseCatalogue({ attributes: [], values: { brand: [{ id: 'a', name: 'A' }, { id: 'a', name: 'A' }] } }, 'car', 'car.json')).toThrow(
      'car.json #/values/brand/1: duplicate id "a"',
    );
    expect(() => parseCatalogue({ attributes: [{ id: 'fuel', name: 'Fuel' }], values: {} }, 'car', 'car.json')).toThrow(
      'car.json #/values: attribute "fuel" is listed but has no values',
    );
  });
});

describe('parseApiConfig charges', () => {
  it('reads the charged methods, and none when the section is absent', () => {
    expect(parseApiConfig({ ...fixtureConfig(), charges: { methods: ['bump'] } }, 'c.json').chargedMethods).toEqual(['bump']);
    expect(parseApiConfig(fixtureConfig(), 'c.json').chargedMethods).toEqual([]);
    expect(() => parseApiConfig({ ...fixtureConfig(), charges: { methods: [1] } }, 'c.json')).toThrow('c.json #/charges/methods/0: expected a non-empty string, got 1');
  });
});
