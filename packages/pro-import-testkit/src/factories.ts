import { REQUEST_EXAMPLES } from './generated/examples.gen.js';
import { RESOURCES } from './generated/resources.gen.js';
import { ROUTES } from './generated/routes.gen.js';
import { cloneJson, isRecord, mergeOverrides, type JsonObject } from './fake/json.js';
import { Random } from './fake/random.js';

/** The vehicle types a factory can build, from the spec. */
export const VEHICLE_TYPES: readonly string[] = Object.keys(RESOURCES).sort();

function exampleFor(operationId: string | undefined, what: string): JsonObject {
  const example = operationId === undefined ? undefined : REQUEST_EXAMPLES[operationId];
  if (!isRecord(example)) throw new Error(`${what}: the spec has no create example (${operationId ?? 'no create operation'}); regenerate the testkit.`);
  return cloneJson(example);
}

export type AdFactory = {
  /** A valid create body for `type`: the spec's example, deep-merged with `overrides`, with a fresh source_id. */
  buildAd(type: string, overrides?: JsonObject): JsonObject;
  /** A valid `POST /v3/ad` body, the same way. */
  buildV3Ad(overrides?: JsonObject): JsonObject;
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
  return {
    sourceId,
    buildAd(type, overrides = {}) {
      if (!VEHICLE_TYPES.includes(type)) throw new Error(`buildAd("${type}"): unknown vehicle type; use one of ${VEHICLE_TYPES.join(', ')}`);
      const route = ROUTES.find((r) => r.resource === type && r.methodName === 'create');
      const base = exampleFor(route?.operationId, `buildAd("${type}")`);
      return mergeOverrides({ ...base, source_id: sourceId() }, overrides);
    },
    buildV3Ad(overrides = {}) {
      const route = ROUTES.find((r) => r.path === '/v3/ad' && r.method === 'post');
      const base = exampleFor(route?.operationId, 'buildV3Ad()');
      return mergeOverrides({ ...base, source_id: sourceId() }, overrides);
    },
  };
}

const shared = createAdFactory({ seed: 1 });

/**
 * A valid create body for a vehicle type (from the spec's example), with overrides deep-merged and a fresh source_id.
 *
 * @example
 * await client.car.create(buildAd('car', { visible: false }));
 */
export function buildAd(type: string, overrides: JsonObject = {}): JsonObject {
  return shared.buildAd(type, overrides);
}
