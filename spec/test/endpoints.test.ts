import { describe, expect, it } from "vitest";
import { asObject, loadDocument, VEHICLE_TYPES } from "./helpers.js";

/** Copied from the digest's endpoint lists ("Endpoints (V4)", "V3"); `{vehicle_type}` expanded below. */
const GENERIC = [
  "GET /v4/ad", "GET /v4/ad/{source_id}", "DELETE /v4/ad/{source_id}", "GET /v4/ad/{source_id}/log",
  "GET /v4/ad/{source_id}/bump", "GET /v4/ad/{source_id}/pole_position", "GET /v4/ad/{source_id}/retry",
];
/** Typed only, plus the generic ones "equally on every /v4/{vehicle_type}". */
const TYPED = [
  "POST /v4/{vehicle_type}", "GET /v4/{vehicle_type}", "POST /v4/{vehicle_type}/validate",
  "GET /v4/{vehicle_type}/{source_id}", "PUT /v4/{vehicle_type}/{source_id}", "PATCH /v4/{vehicle_type}/{source_id}",
  "DELETE /v4/{vehicle_type}/{source_id}", "POST /v4/{vehicle_type}/{source_id}/migrate",
  "GET /v4/{vehicle_type}/{source_id}/log", "GET /v4/{vehicle_type}/{source_id}/bump",
  "GET /v4/{vehicle_type}/{source_id}/pole_position", "GET /v4/{vehicle_type}/{source_id}/retry",
];
const ATTRIBUTES = [
  "GET /v4/vehicles/{vehicle_type}/attributes", "GET /v4/vehicles/{vehicle_type}/{attribute}", "GET /v4/vehicles/car/models",
];
const V3 = [
  "POST /v3/ad", "GET /v3/ad", "GET /v3/ad/{source_id}", "PUT /v3/ad/{source_id}", "PATCH /v3/ad/{source_id}",
  "DELETE /v3/ad/{source_id}", "GET /v3/ad/{source_id}/log", "GET /v3/ad/{source_id}/bump",
  "GET /v3/ad/{source_id}/pole_position", "POST /v3/ad/validate", "GET /v3/vehicle/brands", "GET /v3/vehicle/models",
  "GET /v3/vehicle/body_types", "GET /v3/vehicle/fuels",
];
/** Superseded by the current edition: must not come back. */
const FORBIDDEN = ["POST /v4/ad", "PUT /v4/ad/{source_id}", "PATCH /v4/ad/{source_id}", "POST /v4/ad/{source_id}/migrate"];

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

function documented(): Set<string> {
  const expanded = TYPED.flatMap((e) => VEHICLE_TYPES.map((t) => e.replace("{vehicle_type}", t)));
  return new Set([...GENERIC, ...expanded, ...ATTRIBUTES, ...V3]);
}

function inDocument(): Set<string> {
  const out = new Set<string>();
  for (const [path, item] of Object.entries(asObject(loadDocument()["paths"]))) {
    for (const method of Object.keys(asObject(item))) if (METHODS.includes(method)) out.add(`${method.toUpperCase()} ${path}`);
  }
  return out;
}

describe("endpoints", () => {
  it("match the digest's endpoint lists exactly", () => {
    const want = documented();
    const have = inDocument();
    const missing = [...want].filter((e) => !have.has(e)).sort();
    const extra = [...have].filter((e) => !want.has(e)).sort();
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(want.size).toBe(GENERIC.length + TYPED.length * 16 + ATTRIBUTES.length + V3.length);
  });

  it("leave out the early edition's superseded V4 writes", () => {
    const have = inDocument();
    expect(FORBIDDEN.filter((e) => have.has(e))).toEqual([]);
  });

  it("have unique operationIds in drf-spectacular style", () => {
    const ids: string[] = [];
    for (const item of Object.values(asObject(loadDocument()["paths"]))) {
      for (const [method, op] of Object.entries(asObject(item))) if (METHODS.includes(method)) ids.push(String(asObject(op)["operationId"]));
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("v4_agriculture_thresher_migrate_create");
    expect(ids).toContain("v4_car_pole_position_retrieve");
    expect(ids).toContain("v4_ad_retry_retrieve");
    expect(ids).toContain("v3_vehicle_body_types_list");
  });
});
