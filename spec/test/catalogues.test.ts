import { describe, expect, it } from "vitest";
import { asObject, loadCatalogue, loadDocument, pascal, schemas, VEHICLE_TYPES, type Json } from "./helpers.js";

const all = schemas(loadDocument());

/** Dotted attribute id -> enum, walking nested objects and arrays of enums. */
function enumsOf(schema: Json | undefined, prefix = ""): Map<string, Json[]> {
  const out = new Map<string, Json[]>();
  const props = asObject(asObject(schema)["properties"]);
  for (const [name, raw] of Object.entries(props)) {
    // An optional attribute is nullable (`oneOf: [schema, {type: null}]`): look at the schema it wraps.
    const wrapped = asObject(raw);
    const prop = Array.isArray(wrapped["oneOf"]) ? asObject((wrapped["oneOf"] as Json[]).find((s) => asObject(s)["type"] !== "null")) : wrapped;
    const id = prefix === "" ? name : `${prefix}.${name}`;
    const values = (prop["enum"] ?? (prop["items"] === undefined ? undefined : asObject(prop["items"])["enum"])) as Json[] | undefined;
    if (values !== undefined) out.set(id, values);
    if (prop["type"] === "object") for (const [k, v] of enumsOf(prop, id)) out.set(k, v);
  }
  return out;
}

const sortedIds = (list: Json | undefined): string[] => (list as { id: string }[]).map((v) => v.id);

describe.each(VEHICLE_TYPES)("%s catalogue", (type) => {
  const cat = loadCatalogue(type);
  const P = pascal(type);

  it("lists exactly the enumerable attributes of the schema, with the same ids", () => {
    const enums = enumsOf(all[`${P}CategoryFields`]);
    const values = asObject(cat["values"]);
    expect(sortedIds(cat["attributes"])).toEqual([...enums.keys()].sort());
    expect(Object.keys(values).sort()).toEqual([...enums.keys()].sort());
    for (const [id, list] of enums) expect(sortedIds(values[id]), id).toEqual(list);
    // Updates send the same category fields (any part of them: their bodies are merge patches).
    expect(JSON.stringify(all[`Patched${P}UpdateRequest`])).toContain(`"#/components/schemas/${P}CategoryFields"`);
  });

  it("is sorted by id and marked as reconstructed", () => {
    const ids = sortedIds(cat["attributes"]);
    expect(ids).toEqual([...ids].sort());
    for (const list of Object.values(asObject(cat["values"]))) expect(sortedIds(list)).toEqual([...sortedIds(list)].sort());
    expect(asObject(cat["x-reconstructed"])["date"]).toBe("2026-11-23");
  });
});

describe("car models", () => {
  it("has real models for every brand", () => {
    const cat = loadCatalogue("car");
    const model = asObject(asObject(cat["children"])["model"]);
    expect(model["parent"]).toBe("brand");
    const brands = sortedIds(asObject(cat["values"])["brand"]);
    expect(Object.keys(asObject(model["values"]))).toEqual(brands);
    expect(sortedIds(asObject(model["values"])["volvo"])).toContain("xc60");
  });
});
