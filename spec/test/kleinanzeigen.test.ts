import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { pointer, Provenance, validateOpenApi, type Constraint } from "@x/generator-core";
import { describe, expect, it } from "vitest";
import { asObject, documentText, normalise, readJson, SPEC_DIR, validatorFor, type Json, type JsonObject } from "./helpers.js";

const DIR = join(SPEC_DIR, "kleinanzeigen");
const DOC_FILE = join(DIR, "openapi.json");
const doc = readJson(DOC_FILE);
const config = readJson(join(DIR, "api.config.json"));
const all = asObject(asObject(doc["components"])["schemas"]);
const paths = asObject(doc["paths"]);
const constraints = new Provenance(doc).constraints(doc);

const METHODS = ["get", "put", "post", "delete", "patch"];
const operations = Object.entries(paths).flatMap(([path, item]) =>
  Object.entries(asObject(item))
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({ path, method, op: asObject(op), id: String(asObject(op)["operationId"]) })),
);
const operation = (id: string): JsonObject => {
  const found = operations.find((o) => o.id === id);
  if (found === undefined) throw new Error(`no operation ${id}`);
  return found.op;
};
const opPointer = (id: string): string => {
  const found = operations.find((o) => o.id === id);
  if (found === undefined) throw new Error(`no operation ${id}`);
  return pointer("paths", found.path, found.method);
};

const S = (name: string, ...rest: string[]): string => pointer("components", "schemas", name, ...rest);
function kindAt(at: string, keyword: string, property?: string): string | undefined {
  return constraints.find((c) => c.pointer === at && c.keyword === keyword && (property === undefined || c.property === property))?.source.kind;
}
function errorsOf(schemaName: string, data: Json): string[] {
  const validate = validatorFor(doc, schemaName);
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}
const refName = (schema: JsonObject): string => String(schema["$ref"] ?? "").split("/").pop() ?? "";

/** What a quote must name for a documented `type` to rest on it. */
const TYPE_WORDS: Record<string, RegExp> = {
  // A string value in a JSON example ("error": "invalid_request") shows the type as well as the word does.
  string: /\bstrings?\b|"\w+":\s*"/i,
  integer: /\binteger\b|\bint32\b|\bint64\b/i,
  number: /\bnumber\b|\bdouble\b|\bfloat\b/i,
  boolean: /\bboolean\b/i,
  // An object in words, in a JSON example, or a form body (its parameters are an object's members).
  object: /\bobject\b|\{|form-urlencoded/i,
  array: /\barray\b|\blist\b/i,
};
const FORMAT_WORDS: Record<string, RegExp> = { uuid: /\buuid\b/i, int32: /\bint32\b/i, uri: /\buri\b/i, "date-time": /ISO-8601|date-time/i };
/** Words that make a list of values the only ones, and words of a requirement. */
const ONLY = /\bmust\b|\bonly\b|\ballowed values\b|\bsupported types\b|\balways\b|\bset to\b|\bone of\b/i;
const REQUIRED = /\brequired\b|\bmust\b|\|\s*yes\s*\|/i;

/**
 * Why a documented constraint's quote does not state it, or undefined when it does. A documented constraint refuses
 * (the validators, the types, the fake), so its sentence must state the rule: the type or format it names, the
 * values and that they are the only ones, a requirement, that nothing else may be sent. An instruction ("Include the
 * Ticket UUID in the payload") or a table row that only names a field states none. Query and path parameters are
 * text by the URL's nature, so their `type: string` needs no sentence.
 */
function unstated(c: Constraint, quote: string): string | undefined {
  const value = c.value;
  switch (c.keyword) {
    case "type": {
      if (value === "string" && /\/parameters\/\d+\/schema$/.test(c.pointer)) return undefined;
      const types = Array.isArray(value) ? value.map(String) : [String(value)];
      const missing = types.find((type) => type !== "null" && !(TYPE_WORDS[type] ?? /$^/).test(quote));
      return missing === undefined ? undefined : `names no ${missing}`;
    }
    case "format":
      return (FORMAT_WORDS[String(value)] ?? /$^/).test(quote) ? undefined : `names no format ${String(value)}`;
    case "enum":
    case "const": {
      const values = (Array.isArray(value) ? value : [value]).map(String);
      const absent = values.find((v) => !quote.includes(v));
      if (absent !== undefined) return `does not name "${absent}"`;
      return ONLY.test(quote) ? undefined : "does not say these are the only values";
    }
    case "required":
    case "parameter.required":
      return REQUIRED.test(quote) ? undefined : "states no requirement";
    case "additionalProperties":
      return /\bmust\b|\bonly\b|\bexactly\b|\bempty\b/i.test(quote) ? undefined : "does not say nothing else may be sent";
    case "minimum":
    case "maximum":
    case "minLength":
    case "maxLength":
    case "minItems":
    case "maxItems":
      return quote.includes(String(value)) ? undefined : `does not name the bound ${String(value)}`;
    case "x-rules": {
      // A behaviour that answers an error is a refusal; one that answers success (an update applies to every
      // publication) is not.
      const status = (value as { status?: unknown }).status;
      if (typeof status !== "number" || status < 400) return undefined;
      // An expiration date says the thing stops being accepted.
      return /\bmust\b|\bnot\b|\bonly\b|\brequired\b|\brefuse|\bexpir/i.test(quote) ? undefined : "states no refusal";
    }
    default:
      return /\bmust\b|\bnot\b|\bonly\b|\brequired\b/i.test(quote) ? undefined : "states no rule";
  }
}

describe("kleinanzeigen openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    expect(doc["openapi"]).toBe("3.1.0");
    expect(await validateOpenApi(doc, DOC_FILE)).toEqual([]);
  });

  it("passes Redocly's recommended rules with no errors and no warnings", async () => {
    const lintConfig = await createConfig({ extends: ["recommended"], rules: { "info-license": "off", "no-ambiguous-paths": "error" } });
    const problems = await lintFromString({ source: readFileSync(DOC_FILE, "utf8"), absoluteRef: DOC_FILE, config: lintConfig });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? "?"}`)).toEqual([]);
  });

  it("has the documented and proposed operations, each with a tag, and the success statuses of G-4", () => {
    const want: Record<string, [string, string, string, string]> = {
      createimprint: ["post", "/v1/imprints", "imprints", "201"],
      requestticket: ["post", "/v1/media", "media", "201"],
      createlisting: ["post", "/v1/listings", "listings", "201"],
      getlisting: ["get", "/v1/listings/{uuid}", "listings", "200"],
      updatelisting: ["put", "/v1/listings/{uuid}", "listings", "204"],
      deletelisting: ["delete", "/v1/listings/{uuid}", "listings", "204"],
      addmedia: ["put", "/v1/listings/{uuid}/media", "media", "204"],
      deletemedia: ["delete", "/v1/listings/{uuid}/media", "media", "204"],
      ordermedia: ["put", "/v1/listings/{uuid}/media/order", "media", "204"],
      createpublication: ["post", "/v1/listings/{uuid}/publications", "publications", "202"],
      getpublications: ["get", "/v1/listings/{uuid}/publications", "publications", "200"],
      getpublication: ["get", "/v1/listings/{uuid}/publications/{publicationUuid}", "publications", "200"],
      updatepublication: ["put", "/v1/listings/{uuid}/publications/{publicationUuid}", "publications", "204"],
      updatepublicationstate: ["put", "/v1/listings/{uuid}/publications/{publicationUuid}/state", "publications", "204"],
      gettoken: ["post", "/oidc/token", "auth", "200"],
    };
    const have = Object.fromEntries(
      operations.map((o) => {
        const success = Object.keys(asObject(o.op["responses"])).filter((s) => s.startsWith("2"));
        return [o.id, [o.method, o.path, (o.op["tags"] as string[]).join(","), success.join(",")]];
      }),
    );
    expect(have).toEqual(want);
    expect(Object.keys(paths)).toEqual([...Object.keys(paths)].sort());
    expect(Object.keys(all)).toEqual([...Object.keys(all)].sort());
  });

  it("has 401 and 403 style-A problems on every goods operation, and the token operation on its own server without security", () => {
    for (const o of operations.filter((x) => x.id !== "gettoken")) {
      const r = asObject(o.op["responses"]);
      for (const status of ["401", "403"]) {
        const schema = asObject(asObject(asObject(asObject(r[status])["content"])["application/json"])["schema"]);
        expect(refName(schema), `${o.id} ${status}`).toBe("Problem");
      }
      expect(o.op["security"], o.id).toBeUndefined();
    }
    expect(doc["servers"]).toEqual([{ url: "https://developer.kleinanzeigen.de/api/goods", description: expect.any(String) }]);
    expect(doc["security"]).toEqual([{ bearerAuth: [] }]);
    const scheme = asObject(asObject(asObject(doc["components"])["securitySchemes"])["bearerAuth"]);
    expect(scheme).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    expect(String(scheme["description"])).toContain("HttpHeaders.AUTHORIZATION");
    const token = operation("gettoken");
    expect(token["servers"]).toEqual([{ url: "https://developer.kleinanzeigen.de/v2" }]);
    expect(token["security"]).toEqual([]);
    expect(Object.keys(asObject(asObject(token["requestBody"])["content"]))).toEqual(["application/x-www-form-urlencoded"]);
    expect(Object.keys(asObject(token["responses"]))).toEqual(["200", "400", "401"]);
  });

  it("uses style-B problems on the two publication-state operations only", () => {
    for (const o of operations.filter((x) => x.id !== "gettoken")) {
      for (const [status, response] of Object.entries(asObject(o.op["responses"]))) {
        const content = asObject(response)["content"];
        if (content === undefined || status.startsWith("2") || status === "401" || status === "403") continue;
        const name = refName(asObject(asObject(asObject(content)["application/json"])["schema"]));
        const styleB = o.id === "updatepublication" || o.id === "updatepublicationstate";
        expect(name, `${o.id} ${status}`).toBe(styleB ? "ProblemStyleB" : "Problem");
      }
    }
  });
});

describe("provenance", () => {
  it("every constraint names its source, and all three kinds occur", () => {
    expect(constraints.length).toBeGreaterThan(150);
    expect([...new Set(constraints.map((c) => c.source.kind))].sort()).toEqual(["documented", "inferred", "reconstructed"]);
    expect(asObject(doc["info"])["x-reconstructed"]).toBeDefined();
  });

  it("every documented source quotes a sentence that is in the document it names", () => {
    const quoted = new Map<string, string>();
    for (const c of constraints) if (c.source.kind === "documented") quoted.set(`${c.source.doc}\0${c.source.quote}`, c.pointer);
    expect(quoted.size).toBeGreaterThan(40);
    const docs = new Set([...quoted.keys()].map((k) => k.split("\0")[0]));
    expect([...docs].sort()).toEqual(["kleinanzeigen-api-digest.md", "kleinanzeigen-create-ad-guide.txt"]);
    const missing = [...quoted.keys()].filter((key) => {
      const [name = "", quote = ""] = key.split("\0");
      return !documentText(DIR, name).includes(normalise(quote));
    });
    expect(missing).toEqual([]);
  });

  it("every documented constraint (a refusal) quotes a sentence that states it: the type, format, values and that they are the only ones, a requirement", () => {
    const unsupported = constraints
      .filter((c) => c.source.kind === "documented")
      .flatMap((c) => {
        // The quote as written: normalise() turns '"' into '-', and a JSON example's quotes show a string.
        const quote = c.source.kind === "documented" ? c.source.quote.replace(/\s+/g, " ") : "";
        const why = unstated(c, quote);
        return why === undefined ? [] : [`${c.pointer} ${c.keyword}${c.property === undefined ? "" : ` ${c.property}`}: ${why} in "${quote}"`];
      });
    expect(unsupported).toEqual([]);
  });

  it("the quote check refuses an instruction or a table row that states no rule", () => {
    const at = S("MediaAttachRequest");
    const documented = (quote: string): Constraint["source"] => ({ kind: "documented", doc: "kleinanzeigen-create-ad-guide.txt", quote });
    expect(unstated({ pointer: at, keyword: "type", value: "object", source: documented("") }, "Include the Ticket UUID in the request payload.")).toBe("names no object");
    expect(unstated({ pointer: at, keyword: "required", property: "client_id", value: "client_id", source: documented("") }, "| `client_id` | the client's ID |")).toBe("states no requirement");
    expect(unstated({ pointer: at, keyword: "enum", value: ["a", "b"], source: documented("") }, "Error codes listed on the page: `a`, `b`.")).toBe("does not say these are the only values");
    expect(unstated({ pointer: at, keyword: "enum", value: ["a", "c"], source: documented("") }, "Allowed values: `a`, `b`.")).toBe('does not name "c"');
    expect(unstated({ pointer: at, keyword: "required", property: "content", value: "content", source: documented("") }, "| `content` | string | yes |")).toBeUndefined();
  });

  it("every source in the registry is used, and the registry ids are readable", () => {
    const registry = asObject(asObject(doc["components"])["x-sources"]);
    const text = JSON.stringify({ ...doc, components: { ...asObject(doc["components"]), "x-sources": {} } });
    for (const id of Object.keys(registry)) {
      expect(id).toMatch(/^(documented|inferred|reconstructed):[a-z0-9_-]+$/);
      expect(text, id).toContain(`"${id}"`);
    }
  });

  it("a constraint added without a source is refused, naming where it is", () => {
    const broken = structuredClone(doc);
    const props = asObject(asObject(asObject(asObject(broken["components"])["schemas"])["ImprintCreateRequest"])["properties"]);
    props["content"] = { type: "string", maxLength: 3000 };
    expect(() => new Provenance(broken).constraints(broken)).toThrow(
      'openapi.json #/components/schemas/ImprintCreateRequest/properties/content: the constraint "type" has no source',
    );
  });
});

describe("what the documents state is documented", () => {
  it("mediaType is image/jpeg or image/png (the 415 text)", () => {
    const mediaType = asObject(asObject(asObject(all["MediaTicketRequest"])["properties"])["mediaType"]);
    expect(mediaType["enum"]).toEqual(["image/jpeg", "image/png"]);
    expect(kindAt(S("MediaTicketRequest", "properties", "mediaType"), "enum")).toBe("documented");
    expect(kindAt(S("MediaTicketRequest"), "required", "mediaType")).toBe("documented");
    expect(errorsOf("MediaTicketRequest", { mediaType: "image/gif" })).not.toEqual([]);
  });

  it("requestedState of /state is PAUSED or RESUMED and required; of the republish PUBLISHED or PAUSED", () => {
    for (const [id, values] of [["updatepublicationstate", ["PAUSED", "RESUMED"]], ["updatepublication", ["PUBLISHED", "PAUSED"]]] as const) {
      const params = operation(id)["parameters"] as JsonObject[];
      const index = params.findIndex((p) => p["name"] === "requestedState");
      const param = asObject(params[index]);
      expect(param["in"]).toBe("query");
      expect(param["required"]).toBe(true);
      expect(asObject(param["schema"])["enum"]).toEqual(values);
      const at = `${opPointer(id)}/parameters/${index}`;
      expect(constraints.find((c) => c.pointer === at && c.keyword === "parameter.required")?.source.kind).toBe("documented");
      expect(kindAt(`${at}/schema`, "enum")).toBe("documented");
    }
  });

  it("the republish body is the empty object {}", () => {
    expect(kindAt(S("RepublishRequest"), "additionalProperties")).toBe("documented");
    expect(errorsOf("RepublishRequest", {})).toEqual([]);
    expect(errorsOf("RepublishRequest", { requestedState: "PUBLISHED" })).not.toEqual([]);
  });

  it("an update price needs type and amount; every update field is optional and nullable", () => {
    expect(kindAt(S("Price"), "required", "type")).toBe("documented");
    expect(kindAt(S("Price"), "required", "amount")).toBe("documented");
    expect(kindAt(S("Price", "properties", "amount"), "type")).toBe("documented");
    const update = asObject(all["ListingUpdateRequest"]);
    expect(update["required"]).toBeUndefined();
    for (const [name, property] of Object.entries(asObject(update["properties"]))) {
      expect((asObject(property)["oneOf"] as JsonObject[]).some((o) => o["type"] === "null"), name).toBe(true);
    }
    expect(kindAt(S("ListingUpdateRequest", "properties", "title", "oneOf", "0"), "type")).toBe("documented");
    expect(errorsOf("ListingUpdateRequest", { price: { type: "FIXED" } })).not.toEqual([]);
    expect(errorsOf("ListingUpdateRequest", { title: null, price: null })).toEqual([]);
  });

  it("the token request: grant_type and audience required and fixed", () => {
    for (const name of ["grant_type", "audience"]) expect(kindAt(S("TokenRequest"), "required", name)).toBe("documented");
    // The page lists client_id and client_secret without requiring them in the form (HTTP Basic may carry them).
    for (const name of ["client_id", "client_secret"]) expect(kindAt(S("TokenRequest"), "required", name)).toBe("inferred");
    expect(kindAt(S("TokenRequest", "properties", "grant_type"), "enum")).toBe("documented");
    expect(kindAt(S("TokenRequest", "properties", "audience"), "enum")).toBe("documented");
    // The page's list of error codes is cut off: the values are the documents', the closed list is not.
    expect(kindAt(S("TokenError", "properties", "error"), "enum")).toBe("inferred");
  });

  it("ids are UUIDs; the imprint's content is required; delete-media takes a comma-separated urls list (required: inferred)", () => {
    expect(kindAt(S("Listing", "properties", "uuid"), "format")).toBe("documented");
    expect(kindAt(S("MediaTicket", "properties", "ticketUuid"), "format")).toBe("documented");
    expect(kindAt(S("ImprintCreateRequest"), "required", "content")).toBe("documented");
    const params = operation("deletemedia")["parameters"] as JsonObject[];
    const index = params.findIndex((p) => p["name"] === "urls");
    const urls = asObject(params[index]);
    expect(urls).toMatchObject({ in: "query", required: true, style: "form", explode: false });
    const at = `${opPointer("deletemedia")}/parameters/${index}`;
    expect(constraints.find((c) => c.pointer === at && c.keyword === "parameter.required")?.source.kind).toBe("inferred");
    expect(kindAt(`${at}/schema`, "type")).toBe("documented");
    expect(kindAt(`${at}/schema`, "minItems")).toBe("reconstructed");
  });

  it("the problem schema is the documented one; instance is a uri-reference (inferred from the examples)", () => {
    expect(kindAt(S("Problem", "properties", "type"), "format")).toBe("documented");
    expect(kindAt(S("Problem", "properties", "status"), "format")).toBe("documented");
    expect(kindAt(S("Problem", "properties", "instance", "oneOf", "0"), "type")).toBe("documented");
    expect(kindAt(S("Problem", "properties", "instance", "oneOf", "0"), "format")).toBe("inferred");
    expect(asObject(asObject(asObject(all["Problem"])["properties"])["instance"])["oneOf"]).toContainEqual(expect.objectContaining({ format: "uri-reference" }));
  });
});

describe("what the documents do not state is marked, never documented", () => {
  it("which listing fields are required on create is reconstructed", () => {
    const create = asObject(all["ListingCreateRequest"]);
    expect(create["required"]).toEqual(["title", "category", "description"]);
    for (const name of ["title", "category", "description"]) expect(kindAt(S("ListingCreateRequest"), "required", name)).toBe("reconstructed");
    expect(kindAt(S("ListingCreateRequest", "properties", "title"), "type")).toBe("inferred");
  });

  it.each([
    [S("Price", "properties", "type"), "enum", "reconstructed"],
    [S("AdPrice", "properties", "type"), "enum", "reconstructed"],
    [S("Listing", "properties", "adType", "oneOf", "0"), "enum", "reconstructed"],
    [S("Listing", "properties", "adType", "oneOf", "0"), "type", "documented"],
    [S("Publication", "properties", "status"), "enum", "reconstructed"],
    [S("Publication", "properties", "pendingChanges"), "type", "reconstructed"],
    [S("MediaAttachRequest"), "required", "reconstructed"],
    [S("MediaOrderRequest"), "required", "reconstructed"],
    [S("PublicationCreateRequest"), "required", "reconstructed"],
    [S("PublicationLocation"), "required", "reconstructed"],
    [S("Problem", "properties", "errors"), "type", "reconstructed"],
    [S("Listing", "properties", "attributes", "oneOf", "0", "additionalProperties"), "type", "inferred"],
    [S("MediaTicket", "properties", "signedPutUrl"), "format", "inferred"],
  ])("%s %s is %s", (at, keyword, kind) => {
    expect(kindAt(at, keyword)).toBe(kind);
  });

  it("the publication state machine's refusals and the rejection reasons are reconstructed behaviours (x-rules), each with its gap", () => {
    const rules = constraints.filter((c) => c.keyword === "x-rules" && c.pointer.startsWith("#/paths/"));
    const byRule = Object.fromEntries(rules.map((c) => [`${c.property ?? ""} ${c.pointer.split("/").slice(-3, -2).join("")}`, c.source.kind]));
    expect(byRule).toEqual({
      "image-changes-need-a-republish put": "documented",
      "no-republish-once-deleted put": "reconstructed",
      "no-republish-while-pending put": "reconstructed",
      "no-state-change-once-deleted put": "reconstructed",
      "no-state-change-while-pending put": "reconstructed",
      "no-state-change-while-rejected put": "reconstructed",
      "one-publication-per-imprint post": "reconstructed",
      "rejected-without-title-description-category-or-price post": "reconstructed",
      "rejected-without-title-description-category-or-price put": "reconstructed",
      "soft-delete-again-is-204 delete": "documented",
      "ticket-expires put": "documented",
      "ticket-used-once put": "documented",
      "update-applies-to-every-publication put": "documented",
    });
    for (const c of rules.filter((r) => r.source.kind === "reconstructed")) expect(c.source.kind === "reconstructed" && /^G-1[2-5]/.test(c.source.reason), c.property).toBe(true);
  });

  it("a listing's title, category and description may be null (created without them: the create body's required fields are reconstructed)", () => {
    for (const name of ["title", "category", "description"]) {
      const property = asObject(asObject(asObject(all["Listing"])["properties"])[name]);
      expect((property["oneOf"] as JsonObject[]).map((o) => o["type"]), name).toEqual(["string", "null"]);
    }
    expect(errorsOf("Listing", { uuid: "dfe2ec14-56ec-40a1-9837-d777d850347b", title: null, category: null, description: null, userId: "u", urls: [] })).toEqual([]);
  });

  it("price type values: FIXED is the documents', the others reconstructed; adType OFFER the same", () => {
    const priceType = asObject(asObject(asObject(all["Price"])["properties"])["type"]);
    expect(priceType["enum"]).toEqual(["FIXED", "NEGOTIABLE", "GIVE_AWAY"]);
    expect(documentText(DIR, "kleinanzeigen-api-digest.md")).toContain(normalise("| Price type values seen | `FIXED` only | [DOC] |"));
    expect(documentText(DIR, "kleinanzeigen-api-digest.md")).toContain(normalise("| `adType` values seen | `OFFER` only | [DOC] |"));
  });

  it("every request object is closed with a reconstructed source (unknown fields warn), but the empty republish body", () => {
    const requests = Object.keys(all).filter((n) => n.endsWith("Request"));
    expect(requests.sort()).toEqual([
      "ListingCreateRequest", "ListingUpdateRequest", "MediaAttachRequest", "MediaOrderRequest", "MediaTicketRequest",
      "ImprintCreateRequest", "PublicationCreateRequest", "RepublishRequest", "TokenRequest",
    ].sort());
    for (const name of [...requests, "Price", "PublicationLocation"]) {
      expect(asObject(all[name])["additionalProperties"], name).toBe(false);
      expect(kindAt(S(name), "additionalProperties"), name).toBe(name === "RepublishRequest" ? "documented" : "reconstructed");
    }
  });

  it("no documented constraint rests on a gap: every G-n reason is reconstructed", () => {
    const registry = asObject(asObject(doc["components"])["x-sources"]);
    for (const [id, source] of Object.entries(registry)) {
      const s = asObject(source);
      if (/^G-\d+/.test(String(s["reason"] ?? ""))) expect(s["kind"], id).toBe("reconstructed");
    }
  });
});

describe("examples", () => {
  const bodies = operations.flatMap((o) => {
    if (o.method !== "post" && o.method !== "put") return [];
    const body = o.op["requestBody"];
    if (body === undefined) return [];
    return Object.entries(asObject(asObject(body)["content"])).map(
      ([type, media]) => [`${o.method.toUpperCase()} ${o.path} ${type}`, refName(asObject(asObject(media)["schema"])), asObject(media)["example"]] as const,
    );
  });

  it("every POST and PUT has a request body but the /state call (no body)", () => {
    const without = operations.filter((o) => (o.method === "post" || o.method === "put") && o.op["requestBody"] === undefined).map((o) => o.id);
    expect(without).toEqual(["updatepublicationstate"]);
    expect(bodies.length).toBe(9);
  });

  it.each(bodies)("%s has a complete, valid example of %s", (_name, schemaName, example) => {
    expect(example).toBeTypeOf("object");
    expect(errorsOf(schemaName, example as Json)).toEqual([]);
    // Complete: every property the schema declares is in the example (the republish body has none).
    const properties = Object.keys(asObject(asObject(all[schemaName])["properties"] ?? {}));
    const exampleKeys = Object.keys(asObject(example as Json));
    if (schemaName !== "ListingUpdateRequest" && schemaName !== "PublicationCreateRequest") expect(exampleKeys.sort()).toEqual(properties.sort());
    else expect(exampleKeys.length).toBeGreaterThan(0);
  });

  const responseExamples = operations.flatMap((o) =>
    Object.entries(asObject(o.op["responses"])).flatMap(([status, response]) => {
      const content = asObject(response)["content"];
      if (content === undefined) return [];
      return Object.values(asObject(content)).map((media) => [`${o.id} ${status}`, asObject(asObject(media)["schema"]), asObject(media)["example"]] as const);
    }),
  );

  it("every response with a body has an example", () => {
    expect(responseExamples.length).toBeGreaterThan(50);
    expect(responseExamples.filter(([, , example]) => example === undefined).map(([name]) => name)).toEqual([]);
  });

  it.each(responseExamples)("%s example validates", (_name, schema, example) => {
    if (schema["$ref"] !== undefined) expect(errorsOf(refName(schema), example as Json)).toEqual([]);
    else {
      expect(schema["type"]).toBe("array");
      for (const item of example as Json[]) expect(errorsOf(refName(asObject(schema["items"])), item)).toEqual([]);
    }
  });

  it("the documents' examples are kept verbatim", () => {
    const listing = asObject(asObject(asObject(asObject(operation("getlisting")["responses"])["200"])["content"])["application/json"])["example"];
    expect(asObject(listing)["userId"]).toBe("11111111-k6gd-4113-b395-5459ec678ddd");
    const notFound = asObject(asObject(asObject(asObject(operation("getlisting")["responses"])["404"])["content"])["application/json"])["example"];
    expect(notFound).toEqual({
      type: "about:blank",
      status: 404,
      title: "Not Found",
      detail: "Listing not found",
      instance: "/api/v1/listings/123e4567-e89b-12d3-a456-426614174000",
      localizedTitle: "",
      localizedDetail: "",
      localizedMessage: "",
    });
    const update = asObject(asObject(asObject(operation("updatelisting")["requestBody"])["content"])["application/json"])["example"];
    expect(update).toEqual({ category: "Familie_Kind_Baby/Spielzeug", title: "Updated Listing Title", description: "Updated description", price: { type: "FIXED", amount: 120 } });
  });
});

describe("api.config.json", () => {
  it("has the agreed shape, names every operation and maps every tag", () => {
    expect(Object.keys(config).sort()).toEqual(["$comment", "auth", "baseUrl", "methodNames", "name", "namespaces", "packages", "sendOnce", "title"]);
    expect(config["baseUrl"]).toBe((doc["servers"] as JsonObject[])[0]?.["url"]);
    expect(asObject(doc["info"])["title"]).toBe(config["title"]);
    const names = asObject(config["methodNames"]);
    expect(Object.keys(names).filter((k) => k !== "$comment").sort()).toEqual(operations.map((o) => o.id).sort());
    const namespaces = asObject(config["namespaces"]);
    for (const o of operations) for (const tag of o.op["tags"] as string[]) expect(namespaces[tag], tag).toBe(tag);
    // One method name per namespace.
    const perNamespace = new Map<string, string[]>();
    for (const o of operations) {
      const ns = String((o.op["tags"] as string[])[0]);
      perNamespace.set(ns, [...(perNamespace.get(ns) ?? []), String(names[o.id])]);
    }
    for (const [ns, methods] of perNamespace) expect(new Set(methods).size, ns).toBe(methods.length);
    expect(asObject(config["sendOnce"])["methods"]).toEqual(["attach", "create", "requestTicket"]);
    expect(asObject(config["auth"])["tokenUrl"]).toBe(`${String((operation("gettoken")["servers"] as JsonObject[])[0]?.["url"])}/oidc/token`);
  });
});

describe("reconstruction", () => {
  const read = (): string => readFileSync(DOC_FILE, "utf8");
  const run = (): void => {
    execFileSync(process.execPath, ["--import", "tsx", "kleinanzeigen/reconstruct/main.ts"], { cwd: SPEC_DIR, stdio: "pipe" });
  };

  it("stamps the date and the sha256 of the document without the stamp", () => {
    const copy = structuredClone(doc);
    const stamp = asObject(asObject(copy["info"])["x-reconstructed"]);
    expect(stamp["date"]).toBe("2026-11-27");
    const expected = String(stamp["sha256"]);
    stamp["sha256"] = "";
    expect(createHash("sha256").update(`${JSON.stringify(copy, null, 2)}\n`).digest("hex")).toBe(expected);
  });

  it("is byte-identical when run twice, and the committed file is up to date", () => {
    const before = read();
    run();
    const first = read();
    run();
    expect(read()).toBe(first);
    expect(first).toBe(before);
    expect(first.endsWith("}\n")).toBe(true);
  });
});
