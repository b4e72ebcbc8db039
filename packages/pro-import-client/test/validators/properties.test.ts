import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vehicleTypes } from '@x/pro-import-enums';
import * as carEnums from '@x/pro-import-enums/car';
import { validateCarCreate } from '@x/pro-import-client/validators/car';
import { validatePayload } from '../../src/validators/index.js';
import { example, withValue } from './payloads.js';

type Body = Record<string, unknown>;
type Catalogue = { ids: readonly string[] };
type EnumsModule = { attributes: readonly { id: string }[] } & Record<string, unknown>;

const pick = (ids: readonly string[]) => fc.constantFrom(...ids);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A car whose brand and model agree and whose every catalogue value comes from the catalogue. */
const carCategoryFields = fc
  .constantFrom(...(Object.keys(carEnums.modelByBrand.values) as (keyof typeof carEnums.modelByBrand.values)[]))
  .chain((brand) =>
    fc.record(
      {
        registration_number: fc.stringMatching(/^[A-Za-z0-9]{2,7}$/),
        brand: fc.constant(brand),
        model: pick(carEnums.modelByBrand.of(brand).map((m) => m.id)),
        mileage: fc.nat({ max: 1_000_000 }),
        model_year: optional(fc.integer({ min: 1900, max: 2100 })),
        fuel: optional(pick(carEnums.fuel.ids)),
        gearbox: optional(pick(carEnums.gearbox.ids)),
        body_type: optional(pick(carEnums.bodyType.ids)),
        color: optional(pick(carEnums.color.ids)),
        equipments: optional(fc.uniqueArray(pick(carEnums.equipments.ids))),
      },
      { requiredKeys: ['registration_number', 'brand', 'model', 'mileage'] },
    ),
  );

const location = fc.oneof(
  fc.constant(null),
  fc.stringMatching(/^[0-9]{5}$/).map((zipcode) => ({ zipcode })),
  fc.record({ latitude: fc.double({ min: 55, max: 69, noNaN: true }), longitude: fc.double({ min: 11, max: 24, noNaN: true }) }),
);

const price = fc.array(fc.record({ type: fc.constantFrom('list', 'leasing'), amount: fc.nat(), currency: fc.constant('SEK') }), { maxLength: 3 });

const carCreate = fc.record({
  source_id: fc.uuid(),
  category_id: fc.constant(1020),
  body: optional(fc.string()),
  visible: optional(fc.boolean()),
  price: optional(price),
  image_urls: optional(fc.array(fc.nat().map((n) => `https://cdn.example.com/${n}.jpg`), { maxLength: 5 })),
  location: optional(location),
  category_fields: carCategoryFields,
});

/** Drops keys whose value is undefined, as JSON would. */
const json = (value: Body): Body => JSON.parse(JSON.stringify(value)) as Body;

describe('properties', () => {
  it('generated valid car payloads always pass', () => {
    fc.assert(
      fc.property(carCreate, (body) => {
        const outcome = validateCarCreate(json(body), { strict: true });
        expect(outcome.success ? outcome.warnings : outcome.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
    // 300 generated payloads on a shared, loaded machine: time is not what this test is about.
  }, 30_000);

  const enumsByType = new Map<string, EnumsModule>();
  const typesWithEnums = vehicleTypes.map((t) => t.name);

  it('a catalogue value replaced by anything else is always a warning at that attribute (an error in strict mode), for every vehicle type', async () => {
    for (const type of typesWithEnums) enumsByType.set(type, (await import(`@x/pro-import-enums/${type}`)) as EnumsModule);
    const cases = typesWithEnums.flatMap((type) => {
      const module = enumsByType.get(type);
      const base = example(`v4_${type.replace(/-/g, '_')}_create`);
      return (module?.attributes ?? [])
        .map((a) => a.id)
        .filter((id) => typeof getPath(base, `category_fields.${id}`) === 'string')
        .map((id) => ({ type, id, base, ids: catalogueOf(module, id).ids }));
    });
    expect(cases.length).toBeGreaterThan(30);
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.string({ minLength: 1 }), ({ type, id, base, ids }, value) => {
        fc.pre(!ids.includes(value));
        const body = withValue(base, `category_fields.${id}`, value);
        // The catalogues are reconstructed: an unknown value may be real, so by default it is only a warning.
        const outcome = validatePayload(type, 'create', body);
        expect(outcome.success).toBe(true);
        expect(outcome.warnings.map((w) => [w.path, w.message])).toEqual([[`category_fields.${id}`, `"${value}" is not a valid choice.`]]);
        expect(outcome.warnings[0]?.source.kind).toBe('reconstructed');
        const strict = validatePayload(type, 'create', body, { strict: true });
        expect(strict.success).toBe(false);
        if (strict.success) return;
        expect(getPath(strict.errors as Body, `category_fields.${id}`)).toEqual([`"${value}" is not a valid choice.`]);
      }),
      { numRuns: 300 },
    );
  });
});

function getPath(body: Body, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Body)[key] : undefined), body);
}

/** The catalogue object of a dotted attribute id in an enums module (`powertrain.fuel` -> `powertrainFuel`). */
function catalogueOf(module: EnumsModule | undefined, id: string): Catalogue {
  const name = id.replace(/[._-]+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  const catalogue = module?.[name];
  if (typeof catalogue !== 'object' || catalogue === null || !('ids' in catalogue)) throw new Error(`no catalogue ${name} for ${id}`);
  return catalogue as Catalogue;
}
