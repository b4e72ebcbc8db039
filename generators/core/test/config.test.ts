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
    const raw = { ...fixtureConfig(), resources: { bike: 'car' } };
    expect(() => parseApiConfig(raw, 'api.config.json')).toThrow('api.config.json #/resources/bike: expected an object, got "car"');
    expect(() => parseApiConfig({ ...fixtureConfig(), auth: { type: 'magic' } }, 'api.config.json')).toThrow(
      'api.config.json #/auth/type: expected "api-key" or "oauth2-client-credentials", got "magic"',
    );
  });

  it("keeps a resource's facts as they are: the generators give them no meaning", () => {
    const raw = { ...fixtureConfig(), resources: { bike: { $comment: 'x', categoryId: 1, tags: ['a'] } } };
    expect(parseApiConfig(raw, 'api.config.json').resources).toEqual({ bike: { categoryId: 1, tags: ['a'] } });
  });

  it('reads an API without resources, catalogues, enums package or schema URL, with OAuth client credentials', () => {
    const config = parseApiConfig(
      {
        name: 'market',
        title: 'Market',
        baseUrl: 'https://market.test/api/',
        auth: { type: 'oauth2-client-credentials', header: 'Authorization', scheme: 'Bearer', tokenUrl: 'https://market.test/token', clientIdEnv: 'ID', clientSecretEnv: 'SECRET' },
        packages: { client: '@t/market-client', testkit: '@t/market-testkit' },
      },
      'api.config.json',
    );
    expect(config).toMatchObject({ baseUrl: 'https://market.test/api', resources: {}, packages: { client: '@t/market-client', testkit: '@t/market-testkit' } });
    expect(config.catalogue).toBeUndefined();
    expect(config.schemaUrl).toBeUndefined();
    expect(config.auth).toEqual({ type: 'oauth2-client-credentials', header: 'Authorization', scheme: 'Bearer', tokenUrl: 'https://market.test/token', clientIdEnv: 'ID', clientSecretEnv: 'SECRET' });
    expect(config.baseUrlEnv).toBeUndefined();
  });

  it('reads the variable that overrides baseUrl, and refuses one that is not a name', () => {
    expect(parseApiConfig({ ...fixtureConfig(), baseUrlEnv: 'MARKET_BASE_URL' }, 'api.config.json').baseUrlEnv).toBe('MARKET_BASE_URL');
    expect(() => parseApiConfig({ ...fixtureConfig(), baseUrlEnv: 3 }, 'api.config.json')).toThrow('api.config.json #/baseUrlEnv: expected a non-empty string, got 3');
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
