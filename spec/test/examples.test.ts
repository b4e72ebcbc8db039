import { describe, expect, it } from "vitest";
import { asObject, loadCatalogue, loadConfig, loadDocument, pascal, requestExample, schemas, validatorFor, VEHICLE_TYPES, type JsonObject } from "./helpers.js";

const doc = loadDocument();
const all = schemas(doc);
const resources = asObject(loadConfig()["resources"]);

function errorsOf(schemaName: string, data: JsonObject): string[] {
  const validate = validatorFor(doc, schemaName);
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

describe.each(VEHICLE_TYPES)("%s request bodies", (type) => {
  const P = pascal(type);
  const { categoryId, registered } = resources[type] as { categoryId: number; registered: boolean };
  const request = asObject(all[`${P}Request`]);
  const props = asObject(request["properties"]);
  const example = requestExample(doc, `/v4/${type}`, "post");

  it("has its own create schema with the category id as const (moped also takes 1122, A-tractors)", () => {
    const category = asObject(props["category_id"]);
    if (type === "moped") expect(category["enum"]).toEqual([1121, 1122]);
    else expect(category["const"]).toBe(categoryId);
    expect(asObject(props["category_fields"])["$ref"]).toBe(`#/components/schemas/${P}CategoryFields`);
    expect(request["additionalProperties"]).toBe(false);
  });

  it("follows the title/contact rule", () => {
    const required = request["required"] as string[];
    if (registered) {
      // "Must not be sent": `not: {}` accepts nothing.
      expect(asObject(props["title"])["not"]).toEqual({});
      expect(asObject(props["contact"])["not"]).toEqual({});
      expect(example["title"]).toBeUndefined();
    } else {
      expect(required).toEqual(expect.arrayContaining(["source_id", "category_id", "title", "contact", "category_fields"]));
    }
  });

  it("create, validate, migrate and update examples validate", () => {
    expect(errorsOf(`${P}Request`, example)).toEqual([]);
    expect(requestExample(doc, `/v4/${type}/validate`, "post")).toEqual(example);
    const migrate = requestExample(doc, `/v4/${type}/{source_id}/migrate`, "post");
    expect(migrate["category_id"]).toBeUndefined();
    expect(migrate["source_id"]).toBeUndefined();
    expect(errorsOf(`${P}MigrateRequest`, migrate)).toEqual([]);
    expect(errorsOf(`${P}UpdateRequest`, requestExample(doc, `/v4/${type}/{source_id}`, "put"))).toEqual([]);
    // PUT and PATCH bodies are merge patches (api.config.json `mergePatch`): their schema describes the ad after the
    // merge (nested rules included), and its top level requires nothing ("PUT and PATCH are functionally equivalent").
    expect(errorsOf(`Patched${P}UpdateRequest`, requestExample(doc, `/v4/${type}/{source_id}`, "put"))).toEqual([]);
    expect(errorsOf(`${P}UpdateRequest`, { price: [{ type: "reduced", amount: 1000 }] })).toEqual([]);
    expect(all[`${P}UpdateRequest`]).toEqual({ ...asObject(all[`Patched${P}UpdateRequest`]), description: asObject(all[`${P}UpdateRequest`])["description"] });
  });

  it("rejects a reduced price on create and a wrong category id", () => {
    expect(errorsOf(`${P}Request`, { ...example, price: [{ type: "reduced", amount: 1 }] })).not.toEqual([]);
    expect(errorsOf(`${P}Request`, { ...example, category_id: categoryId + 2 })).not.toEqual([]);
    expect(errorsOf(`${P}MigrateRequest`, { ...example })).not.toEqual([]);
  });
});

describe("request schemas", () => {
  it("differ per vehicle type", () => {
    const texts = VEHICLE_TYPES.map((t) => JSON.stringify(all[`${pascal(t)}Request`]));
    expect(new Set(texts).size).toBe(VEHICLE_TYPES.length);
  });
});

describe("negative checks (every rule, the reconstruction's included)", () => {
  const car = requestExample(doc, "/v4/car", "post");
  const boat = requestExample(doc, "/v4/boat", "post");

  it("car with title fails", () => expect(errorsOf("CarRequest", { ...car, title: "Volvo XC60" })).not.toEqual([]));
  it("car with contact fails", () => expect(errorsOf("CarRequest", { ...car, contact: { email: "a@example.com" } })).not.toEqual([]));
  it("car with lkf location fails", () => expect(errorsOf("CarRequest", { ...car, location: { lkf: "0380" } })).not.toEqual([]));
  it("boat with lkf location passes", () => expect(errorsOf("BoatRequest", { ...boat, location: { lkf: "038004" } })).toEqual([]));
  it("boat with coordinates as numbers or numeric strings passes", () => {
    expect(errorsOf("BoatRequest", { ...boat, location: { latitude: 59.53, longitude: 16.71 } })).toEqual([]);
    expect(errorsOf("BoatRequest", { ...boat, location: { latitude: "59.53", longitude: "16.71" } })).toEqual([]);
    expect(errorsOf("BoatRequest", { ...boat, location: { latitude: "59.53" } })).not.toEqual([]);
  });
  it("boat without contact fails", () => {
    const { contact: _contact, ...withoutContact } = boat;
    expect(errorsOf("BoatRequest", withoutContact)).not.toEqual([]);
  });
  it("boat with a leasing price fails (registered only)", () =>
    expect(errorsOf("BoatRequest", { ...boat, price: [{ type: "leasing", amount: 1000 }] })).not.toEqual([]));
  it("car with a leasing price passes", () =>
    expect(errorsOf("CarRequest", { ...car, price: [{ type: "leasing", amount: 4995, currency: "SEK" }] })).toEqual([]));
  it("bad contact, image and video URLs fail", () => {
    expect(errorsOf("BoatRequest", { ...boat, contact: { email: "not-an-email" } })).not.toEqual([]);
    expect(errorsOf("BoatRequest", { ...boat, contact: { email: "a@example.com", phone: "0701" } })).not.toEqual([]);
    // The image format is the image's, found out when it is downloaded: any URL is a valid request.
    expect(errorsOf("BoatRequest", { ...boat, image_urls: ["https://cdn.example.com/a.gif"] })).toEqual([]);
    expect(errorsOf("BoatRequest", { ...boat, image_urls: ["https://img.example.com/photo/12345"] })).toEqual([]);
    expect(errorsOf("BoatRequest", { ...boat, image_urls: ["not a url"] })).not.toEqual([]);
    expect(errorsOf("BoatRequest", { ...boat, video_url: "https://example.com/video" })).not.toEqual([]);
    expect(errorsOf("BoatRequest", { ...boat, video_url: "https://youtu.be/dQw4w9WgXcQ" })).toEqual([]);
    expect(errorsOf("BoatRequest", { ...boat, video_url: "https://vimeo.com/76979871" })).toEqual([]);
    expect(errorsOf("BoatRequest", { ...boat, video_url: "https://vimeo.com/channels/staffpicks" })).toEqual([]);
  });
  it("car without registration_number or with an unknown brand fails", () => {
    const fields = asObject(car["category_fields"]);
    const { registration_number: _reg, ...withoutReg } = fields;
    expect(errorsOf("CarRequest", { ...car, category_fields: withoutReg })).not.toEqual([]);
    expect(errorsOf("CarRequest", { ...car, category_fields: { ...fields, brand: "invalid_brand" } })).not.toEqual([]);
  });
  it("car example's model is a model of its brand in the catalogue", () => {
    const fields = asObject(car["category_fields"]);
    const models = asObject(asObject(asObject(loadCatalogue("car")["children"])["model"])["values"]);
    const ofBrand = (models[String(fields["brand"])] as { id: string }[]).map((m) => m.id);
    expect(ofBrand).toContain(fields["model"]);
  });
});

describe("V3", () => {
  const example = requestExample(doc, "/v3/ad", "post");
  it("example validates", () => expect(errorsOf("V3AdRequest", example)).toEqual([]));
  it("rejects 39 images and a contact without phone", () => {
    const urls = Array.from({ length: 39 }, (_, i) => `https://cdn.example.com/v3/${i}.jpg`);
    expect(errorsOf("V3AdRequest", { ...example, image_urls: urls })).not.toEqual([]);
    expect(errorsOf("V3AdRequest", { ...example, contact: { name: "A", email: "a@example.com" } })).not.toEqual([]);
  });
  it("covers every V3 category and states the registered-vehicle rules", () => {
    const request = asObject(all["V3AdRequest"]);
    const ids = asObject(asObject(request["properties"])["category_id"])["enum"] as number[];
    expect(ids).toEqual(expect.arrayContaining([1020, 1061, 1067, 1122, 1226, 2043, 6141, 7066, 8040]));
    // "4020 Personal > Children's Clothing & Shoes (not yet supported)", "4080 Personal > Clothing & Shoes (not yet supported)".
    expect(ids).not.toContain(4020);
    expect(ids).not.toContain(4080);
    const rules = (request["x-rules"] as JsonObject[]).filter((r) => r["rule"] === "required-for-categories");
    const categoryFields = rules.find((r) => (r["required"] as string[]).includes("category_fields"));
    // Trailer, caravan, motorhome and moped are simple ads in V3: no category_fields.
    expect(categoryFields?.["categories"]).toEqual([1020, 1021, 1140, 1143, 1180]);
    const titled = rules.filter((r) => (r["required"] as string[]).includes("title")).flatMap((r) => r["categories"] as number[]);
    expect(titled).toEqual(expect.arrayContaining([2043, 1061, 1045, 1101, 1102, 1121]));
    expect(titled).not.toEqual(expect.arrayContaining([1020]));
    // A-tractors: registered (category_fields) or not (title and contact), one of the two is documented as required.
    const either = (request["x-rules"] as JsonObject[]).find((r) => r["rule"] === "required-one-of-for-categories");
    expect(either).toMatchObject({ categories: [1122], alternatives: [["category_fields"], ["title", "contact"]] });
    expect(asObject(asObject(request["properties"])["url_title"])["deprecated"]).toBe(true);
  });
});

describe("every POST and PUT body of the document", () => {
  // Swagger UI's "Example Value" for each write: present, and valid against its own schema.
  const bodies = Object.entries(asObject(doc["paths"])).flatMap(([path, item]) =>
    (["post", "put"] as const).flatMap((method) => {
      const operation = asObject(item)[method];
      if (operation === undefined) return [];
      const body = asObject(asObject(operation)["requestBody"] ?? {});
      const media = asObject(asObject(body["content"] ?? {})["application/json"] ?? {});
      const ref = String(asObject(media["schema"] ?? {})["$ref"] ?? "");
      return body["content"] === undefined ? [] : [[`${method.toUpperCase()} ${path}`, ref.split("/").pop() ?? "", media["example"]] as const];
    }),
  );

  it("covers the writes of the API", () => expect(bodies.length).toBeGreaterThan(60));

  it.each(bodies)("%s has a valid example of %s", (_name, schemaName, example) => {
    expect(example).toBeTypeOf("object");
    expect(errorsOf(schemaName, example as JsonObject)).toEqual([]);
  });
});
