import { Provenance, type Constraint } from "@x/generator-core";
import { describe, expect, it } from "vitest";
import { API_DIR, asObject, documentText, loadDocument, normalise, schemas, type Json, type JsonObject } from "./helpers.js";

const doc = loadDocument();
const all = schemas(doc);
const constraints = new Provenance(doc).constraints(doc);

/** The constraints at a pointer (and keyword). */
function at(pointer: string, keyword?: string): Constraint[] {
  return constraints.filter((c) => c.pointer === pointer && (keyword === undefined || c.keyword === keyword));
}
function kindAt(pointer: string, keyword: string, property?: string): string | undefined {
  return at(pointer, keyword).find((c) => property === undefined || c.property === property)?.source.kind;
}
const S = "#/components/schemas";

describe("provenance of the snapshot", () => {
  it("every constraint names its source (the check itself throws on the first one without)", () => {
    expect(constraints.length).toBeGreaterThan(3000);
    const kinds = new Set(constraints.map((c) => c.source.kind));
    expect([...kinds].sort()).toEqual(["documented", "inferred", "reconstructed"]);
  });

  it("every documented source quotes a sentence that is in the document it names", () => {
    const quoted = new Map<string, string>();
    for (const c of constraints) if (c.source.kind === "documented") quoted.set(`${c.source.doc}\0${c.source.quote}`, c.pointer);
    expect(quoted.size).toBeGreaterThan(40);
    const missing = [...quoted.keys()].filter((key) => {
      const [name = "", quote = ""] = key.split("\0");
      return !documentText(API_DIR, name).includes(normalise(quote));
    });
    expect(missing).toEqual([]);
  });

  it("a constraint added without a source is refused, naming where it is", () => {
    const broken = structuredClone(doc) as JsonObject;
    const car = asObject(asObject(asObject(broken["components"])["schemas"])["CarRequest"]);
    const props = asObject(car["properties"]);
    props["body"] = { type: "string", maxLength: 3000 };
    expect(() => new Provenance(broken).constraints(broken)).toThrow(
      'openapi.json #/components/schemas/CarRequest/properties/body: the constraint "type" has no source',
    );
  });
});

describe("what the documents state is documented", () => {
  it.each([
    [`${S}/CarRequest/properties/title`, "not"],
    [`${S}/CarRequest/properties/contact`, "not"],
    [`${S}/CarMigrateRequest/properties/category_id`, "not"],
    [`${S}/RegisteredLocation/properties/lkf`, "not"],
    [`${S}/LocationZipcode/properties/zipcode`, "pattern"],
    [`${S}/LocationLkf/properties/lkf`, "pattern"],
    [`${S}/Contact/properties/phone/oneOf/0`, "pattern"],
    [`${S}/Contact/properties/phone/oneOf/0`, "maxLength"],
    [`${S}/V3Contact/properties/phone`, "pattern"],
    [`${S}/V3AdRequest/properties/image_urls`, "maxItems"],
    [`${S}/CreatePrice/properties/type`, "enum"],
    [`${S}/RegisteredCreatePrice/properties/type`, "enum"],
  ])("%s %s", (pointer, keyword) => {
    expect(kindAt(pointer, keyword)).toBe("documented");
  });

  it("required: title and contact of non-registered types, category_fields and source_id on create", () => {
    expect(kindAt(`${S}/BoatRequest`, "required", "title")).toBe("documented");
    expect(kindAt(`${S}/BoatRequest`, "required", "contact")).toBe("documented");
    expect(kindAt(`${S}/BoatRequest`, "required", "category_fields")).toBe("documented");
    expect(kindAt(`${S}/CarRequest`, "required", "source_id")).toBe("documented");
    expect(kindAt(`${S}/Contact`, "required", "email")).toBe("documented");
    expect(kindAt(`${S}/LocationCoordinates`, "required", "longitude")).toBe("documented");
  });
});

describe("what the documents do not state is marked, never documented", () => {
  it.each([
    [`${S}/CarCategoryFields/properties/brand`, "enum", "reconstructed"],
    [`${S}/CarCategoryFields/properties/model_year/oneOf/0`, "maximum", "reconstructed"],
    [`${S}/CarCategoryFields/properties/vin/oneOf/0`, "pattern", "reconstructed"],
    [`${S}/CarRequest/properties/video_url/oneOf/0`, "pattern", "reconstructed"],
    [`${S}/CarRequest/properties/url/oneOf/0`, "format", "inferred"],
    [`${S}/CarRequest`, "additionalProperties", "reconstructed"],
    [`${S}/CarCategoryFields`, "additionalProperties", "reconstructed"],
    [`${S}/CreatePrice/properties/amount`, "multipleOf", "reconstructed"],
    [`${S}/CreatePrice/properties/amount`, "type", "inferred"],
    [`${S}/Location`, "oneOf", "inferred"],
    [`${S}/Contact/properties/email`, "format", "inferred"],
    [`${S}/CarRequest/properties/category_id`, "const", "inferred"],
  ])("%s %s is %s", (pointer, keyword, kind) => {
    expect(kindAt(pointer, keyword)).toBe(kind);
  });

  it("which category fields are required is never documented", () => {
    const required = constraints.filter((c) => c.keyword === "required" && /CategoryFields$/.test(c.pointer));
    expect(required.length).toBeGreaterThan(30);
    expect(required.filter((c) => c.source.kind === "documented")).toEqual([]);
  });
});

describe("the snapshot does not contradict the documents", () => {
  const prop = (schema: string, name: string): JsonObject => asObject(asObject(asObject(all[schema])["properties"])[name]);
  const inner = (schema: JsonObject): JsonObject =>
    Array.isArray(schema["oneOf"]) ? asObject((schema["oneOf"] as Json[]).find((s) => asObject(s)["type"] !== "null")) : schema;

  it("PUT requires nothing at its top level (PUT and PATCH are functionally equivalent; both are merge patches)", () => {
    for (const name of Object.keys(all).filter((n) => /UpdateRequest$/.test(n) && n !== "V3AdUpdateRequest")) {
      expect(asObject(all[name])["required"], name).toBeUndefined();
    }
  });

  it("an image URL is any URL: the format is the image's, found when it is downloaded", () => {
    expect(inner(prop("CarRequest", "image_urls"))["items"]).toEqual({ type: "string", format: "uri", "x-source": expect.any(Object) });
  });

  it("states no plate format, no integer-only amount, no default currency", () => {
    expect(inner(prop("CarCategoryFields", "registration_number"))["pattern"]).toBeUndefined();
    expect(prop("CreatePrice", "amount")["type"]).toBe("number");
    expect(prop("CreatePrice", "currency")["default"]).toBeUndefined();
  });

  it("optional fields, category fields included, accept null (\"To clear a field, explicitly set it to null\")", () => {
    for (const [schema, field] of [["CarRequest", "body"], ["CarRequest", "location"], ["CarCategoryFields", "fuel"], ["CarCategoryFields", "color"], ["BoatCategoryFields", "sleeping_places"]] as const) {
      const options = prop(schema, field)["oneOf"] as Json[] | undefined;
      expect(options?.some((o) => asObject(o)["type"] === "null"), `${schema}.${field}`).toBe(true);
    }
  });

  it("offer_id is only on registered vehicles' ads; mileage does not claim a unit; body claims no rewriting", () => {
    expect(asObject(asObject(all["CarAd"])["properties"])["offer_id"]).toBeDefined();
    expect(asObject(asObject(all["BoatAd"])["properties"])["offer_id"]).toBeUndefined();
    expect(String(inner(prop("CarCategoryFields", "mileage"))["description"])).toMatch(/does not state the unit/);
    expect(JSON.stringify(doc)).not.toMatch(/are replaced by `-`/);
  });

  it("category 1122 (A-tractors, V3 and V4) is reachable in V4, through the moped endpoint", () => {
    expect(prop("MopedRequest", "category_id")["enum"]).toEqual([1121, 1122]);
  });

  it("V3 trailer, caravan, motorhome and moped ads are simple ads: no category_fields needed", () => {
    const rules = asObject(all["V3AdRequest"])["x-rules"] as JsonObject[];
    const needFields = rules.filter((r) => (r["required"] as string[]).includes("category_fields")).flatMap((r) => r["categories"] as number[]);
    for (const id of [1045, 1101, 1102, 1121]) expect(needFields).not.toContain(id);
  });
});
