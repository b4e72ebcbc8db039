import { randomInt } from 'node:crypto';
import type { components } from '@x/pro-import-client';
import { REQUEST_EXAMPLES } from './generated/examples.gen.js';
import { RESOURCES, type CreateSchemaNames } from './generated/resources.gen.js';
import { ROUTES } from './generated/routes.gen.js';
import { cloneJson, isRecord, mergeOverrides, type JsonObject } from './fake/json.js';
import { Random } from '@x/fake-runtime';

/** A vehicle type of the API (`car`, `boat`, `agriculture-thresher`, ...). */
export type VehicleType = keyof CreateSchemaNames;
/** The create body of a vehicle type, as the client types it. */
export type CreateBody<T extends VehicleType> = components['schemas'][CreateSchemaNames[T]];
/** A `POST /v3/ad` body, as the client types it. */
export type V3CreateBody = components['schemas']['V3AdRequest'];

/** The vehicle types a factory can build, from the spec. */
export const VEHICLE_TYPES = Object.keys(RESOURCES).sort() as readonly VehicleType[];

function exampleFor(operationId: string | undefined, what: string): JsonObject {
  const example = operationId === undefined ? undefined : REQUEST_EXAMPLES[operationId];
  if (!isRecord(example))
    throw new Error(
      `${what}: the spec has no create example (${operationId ?? 'no create operation'}); regenerate the testkit.`,
    );
  return cloneJson(example);
}

/**
 * Builds a create body. With a literal vehicle type the result has the client's request type (ready for
 * `client.car.create(...)`); with a plain string it is a JSON object. Overrides are JSON, deep-merged, unchecked:
 * tests may well want to build invalid bodies.
 */
export type BuildAd = {
  <T extends VehicleType>(type: T, overrides?: JsonObject): CreateBody<T>;
  (type: string, overrides?: JsonObject): JsonObject;
};

export type AdFactory = {
  /** A valid create body for `type`: the spec's example, deep-merged with `overrides`, with a fresh source_id. */
  buildAd: BuildAd;
  /** A valid `POST /v3/ad` body, the same way. */
  buildV3Ad(overrides?: JsonObject): V3CreateBody;
  /** A fresh source_id (a UUID from the factory's seed). */
  sourceId(): string;
};

/**
 * A factory of valid request bodies, deterministic for a seed (two factories with the same seed build the same ads).
 *
 * @example
 * const factory = createAdFactory({ seed: 7 });
 * const body = factory.buildAd('car', { visible: false, category_fields: { mileage: 1200 } });
 */
export function createAdFactory(options: { seed?: number } = {}): AdFactory {
  const random = new Random(options.seed ?? 1);
  const sourceId = () => random.uuid();
  const build = (type: string, overrides: JsonObject = {}): JsonObject => {
    if (!(VEHICLE_TYPES as readonly string[]).includes(type)) {
      throw new Error(`buildAd("${type}"): unknown vehicle type; use one of ${VEHICLE_TYPES.join(', ')}`);
    }
    const route = ROUTES.find((r) => r.resource === type && r.methodName === 'create');
    const base = exampleFor(route?.operationId, `buildAd("${type}")`);
    return mergeOverrides({ ...base, source_id: sourceId() }, overrides);
  };
  return {
    sourceId,
    // The example comes from the spec the client's types come from, so the JSON is that type by construction.
    buildAd: build as BuildAd,
    buildV3Ad(overrides = {}) {
      const route = ROUTES.find((r) => r.path === '/v3/ad' && r.method === 'post');
      const base = exampleFor(route?.operationId, 'buildV3Ad()');
      return mergeOverrides({ ...base, source_id: sourceId() }, overrides) as V3CreateBody;
    },
  };
}

// Unseeded on purpose: two test files (or two runs) against one long-lived fake must not collide on source_ids,
// which can never be reused. For a replayable sequence, use createAdFactory({ seed }).
const shared = createAdFactory({ seed: randomInt(2 ** 31) });

/**
 * A valid create body for a vehicle type (from the spec's example), with overrides deep-merged and a fresh random
 * source_id (use `createAdFactory({ seed })` for a deterministic sequence).
 *
 * @example
 * await client.car.create(buildAd('car', { visible: false }));
 */
export const buildAd: BuildAd = ((type: string, overrides: JsonObject = {}) =>
  shared.buildAd(type, overrides)) as BuildAd;
