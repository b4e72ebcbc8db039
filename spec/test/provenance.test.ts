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
    // Instructions and support notes, not stated refusals: they warn (strict mode refuses).
    [`${S}/CarMigrateRequest/properties/category_id`, "not", "inferred"],
    [`${S}/RegisteredLocation/properties/lkf`, "not", "inferred"],
    [`${S}/CreatePrice/properties/type`, "not", "inferred"],
    [`${S}/UpdatePrice/properties/type`, "not", "inferred"],
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
    const rules = (asObject(all["V3AdRequest"])["x-rules"] as JsonObject[]).filter((r) => Array.isArray(r["required"]));
    const needFields = rules.filter((r) => (r["required"] as string[]).includes("category_fields")).flatMap((r) => r["categories"] as number[]);
    for (const id of [1045, 1101, 1102, 1121]) expect(needFields).not.toContain(id);
  });
});

/** Names of the component schemas a request body or a parameter reaches, through any number of `$ref`s. */
function reachableFromRequests(document: JsonObject): Set<string> {
  const found = new Set<string>();
  const walk = (node: Json | undefined): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || node === undefined || typeof node !== "object") return;
    const ref = node["$ref"];
    if (typeof ref === "string" && ref.startsWith(`${S}/`)) {
      const name = ref.slice(S.length + 1);
      if (!found.has(name)) {
        found.add(name);
        walk(all[name]);
      }
    }
    for (const value of Object.values(node)) walk(value);
  };
  for (const item of Object.values(asObject(document["paths"]))) {
    for (const op of Object.values(asObject(item))) {
      if (op === null || typeof op !== "object" || Array.isArray(op)) continue;
      walk(op["parameters"]);
      walk(op["requestBody"]);
    }
  }
  return found;
}

/**
 * A documented constraint refuses by default, so the sentence it cites must say so: a refusal or a requirement
 * ("Required", "must", "not allowed", "will return a 400 error", a "Yes" in a Required column, a bound, a closed list
 * of values). A sentence that only instructs ("Do not include ...", "Not supported for ...") or describes something
 * else ("These fields are required" cited for the type of the whole body) does not make a rule the server enforces.
 * A `type` must be named by its sentence (an object by "object", or by the fields of a request body or a response).
 */
const REFUSAL = /\b(required|requires?|must|mandatory|not allowed|cannot|will return a 400|yes|maximum|at most|without spaces|digits?|characters|one of|values available|format):?(?=\W|$)/i;
/** The structural types, and the words that name them (a scalar's type follows from its values and is not checked). */
const TYPE_WORDS: Record<string, RegExp> = {
  array: /\b(array|list)\b/i,
  object: /\bobjects?\b|\bfields?\b.*\b(request body|response)\b|\b(request body|response)\b.*\bfields?\b/i,
};
/**
 * Reviewed exceptions: documented constraints whose sentence states the rule without the words above. Each says why
 * the sentence is a refusal or a requirement.
 */
export const REVIEWED_QUOTES: Record<string, string> = {
  "ID Path / Name Category specific fields":
    "the header of the V3 category table: the categories it lists are the ones V3 takes (its rows are the enum's values)",
  "For cars, you can also look up models for a specific brand: GET /v4/vehicles/car/models?brand={brand}":
    "the documented call carries brand={brand}: the models of a brand are what it looks up",
};

/**
 * Why a documented constraint's sentence does not state it, or undefined when it does. `refuses`: the constraint is
 * one a request meets (a request body's or a parameter's); a response's constraints refuse nothing, and only their
 * structural types are checked.
 */
export function unstatedRule(c: Constraint, refuses = true): string | undefined {
  if (c.source.kind !== "documented") return undefined;
  const quote = normalise(c.source.quote);
  if (REVIEWED_QUOTES[quote] !== undefined) return undefined;
  if (c.keyword === "type") {
    const types = (Array.isArray(c.value) ? c.value : [c.value]).map(String).filter((t) => TYPE_WORDS[t] !== undefined);
    const unnamed = types.filter((t) => !(TYPE_WORDS[t] as RegExp).test(quote));
    return unnamed.length === 0 ? undefined : `type ${unnamed.join(", ")} is not named by "${quote}"`;
  }
  if (!refuses) return undefined;
  if (c.keyword === "default" || c.keyword === "format") return undefined;
  if ((c.keyword === "enum" || c.keyword === "const") && (Array.isArray(c.value) ? c.value : [c.value]).every((v) => quote.includes(String(v)))) return undefined;
  return REFUSAL.test(quote) ? undefined : `${c.keyword}${c.property === undefined ? "" : ` ${c.property}`} is a refusal, and "${quote}" states none`;
}

describe("a documented rule cites a sentence that states it", () => {
  it("every documented refusal cites a refusal or a requirement, every documented type a sentence naming it", () => {
    const unstated = new Map<string, string>();
    const requestSchemas = reachableFromRequests(doc);
    const refuses = (pointer: string) => !pointer.startsWith(`${S}/`) ? !pointer.includes("/responses/") : requestSchemas.has(pointer.slice(S.length + 1).split("/")[0] ?? "");
    for (const c of constraints) {
      const why = unstatedRule(c, refuses(c.pointer));
      if (why !== undefined && !unstated.has(why)) unstated.set(why, `${c.pointer} ${c.keyword}`);
    }
    expect([...unstated].map(([why, where]) => `${where}: ${why}`)).toEqual([]);
  });

  it("bites: an instruction, a support note and an unrelated sentence are not refusals", () => {
    const documented = (quote: string) => ({ kind: "documented" as const, doc: "v4", quote });
    const at = { pointer: "#/x" };
    expect(unstatedRule({ ...at, keyword: "not", value: {}, source: documented("Do not include category_id in the request body - it is determined by the endpoint URL.") })).toMatch(/states none/);
    expect(unstatedRule({ ...at, keyword: "not", value: {}, source: documented("Not supported for registered vehicles (car, motorcycle, etc.).") })).toMatch(/states none/);
    expect(unstatedRule({ ...at, keyword: "type", value: "object", source: documented("These fields are required when creating a V4 ad") })).toMatch(/not named/);
    expect(unstatedRule({ ...at, keyword: "enum", value: ["list"], source: documented("Leasing price (only supported by registered vehicle categories)") })).toMatch(/states none/);
    expect(unstatedRule({ ...at, keyword: "not", value: {}, source: documented("Must not be sent for: car - including it will return a 400 error.") })).toBeUndefined();
    expect(unstatedRule({ ...at, keyword: "pattern", value: "x", source: documented("created__gt | Filter | Format: YYYY-MM-DD HH:MM:SS") })).toBeUndefined();
    expect(unstatedRule({ ...at, keyword: "type", value: "object", source: documented("In this API, fields not included in the request body are preserved, not cleared.") })).toBeUndefined();
  });
});
