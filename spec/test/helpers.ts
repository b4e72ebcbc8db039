import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const SPEC_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const API_DIR = join(SPEC_DIR, "pro-import");

export const VEHICLE_TYPES = [
  "car", "transport", "motorcycle", "moped", "snowmobile", "atv", "camper", "caravan", "trailer", "boat",
  "agriculture-thresher", "agriculture-tractor", "agriculture-tools", "bus", "truck", "construction",
] as const;

export function readJson(path: string): JsonObject {
  return JSON.parse(readFileSync(path, "utf8")) as JsonObject;
}

export function asObject(value: Json | undefined): JsonObject {
  if (value === undefined || value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  }
  return value;
}

export const loadDocument = (): JsonObject => readJson(join(API_DIR, "openapi.json"));
export const loadConfig = (): JsonObject => readJson(join(API_DIR, "api.config.json"));
export const loadCatalogue = (type: string): JsonObject => readJson(join(API_DIR, "vehicles", `${type}.json`));

export function pascal(type: string): string {
  return type.split("-").map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join("");
}

export function schemas(doc: JsonObject): JsonObject {
  return asObject(asObject(doc["components"])["schemas"]);
}

/** `#/components/schemas/X` -> `#/$defs/X`, so ajv resolves component refs inside one self-contained schema. */
function rewriteRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value !== null && typeof value === "object") {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === "$ref" && typeof v === "string" ? v.replace("#/components/schemas/", "#/$defs/") : rewriteRefs(v);
    }
    return out;
  }
  return value;
}

// ajv-formats is CommonJS; under NodeNext the default import is module.exports, whose `.default` is the plugin.
const addFormats = addFormatsModule.default;

const validators = new Map<string, ValidateFunction>();
let sharedAjv: { doc: JsonObject; ajv: Ajv2020 } | undefined;

/**
 * Strict 2020-12 validator for one component schema, with every rule, the reconstruction's guesses included.
 * OpenAPI-only keywords (`example`, `x-rules`, `x-source`) are declared so strict mode still rejects anything else
 * unknown. One ajv instance per document; validators are cached.
 */
export function validatorFor(doc: JsonObject, schemaName: string): ValidateFunction {
  if (sharedAjv === undefined || sharedAjv.doc !== doc) {
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addKeyword("example");
    ajv.addKeyword("x-rules");
    ajv.addKeyword("x-source");
    ajv.addSchema({ $id: "https://spec.local/openapi.json", $defs: asObject(rewriteRefs(schemas(doc))) });
    sharedAjv = { doc, ajv };
    validators.clear();
  }
  let validate = validators.get(schemaName);
  if (validate === undefined) {
    validate = sharedAjv.ajv.compile({ $ref: `https://spec.local/openapi.json#/$defs/${schemaName}` });
    validators.set(schemaName, validate);
  }
  return validate;
}

/** The media-type example of an operation's JSON request body. */
export function requestExample(doc: JsonObject, path: string, method: string): JsonObject {
  const op = asObject(asObject(asObject(doc["paths"])[path])[method]);
  const media = asObject(asObject(asObject(op["requestBody"])["content"])["application/json"]);
  return asObject(media["example"]);
}

/** Whitespace collapsed, dashes and quotes made plain: the vendored copies lost their layout and some characters. */
export function normalise(text: string): string {
  return text
    .replace(/[βâ€"–—]/g, "-")
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}

const documents = new Map<string, string>();
/** A vendored document of an API (`spec/<api>/docs/<name>`), normalised, to find quotes in. */
export function documentText(apiDir: string, name: string): string {
  const path = join(apiDir, "docs", name);
  let text = documents.get(path);
  if (text === undefined) {
    text = normalise(readFileSync(path, "utf8"));
    documents.set(path, text);
  }
  return text;
}
