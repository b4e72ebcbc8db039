/** Assembles the OpenAPI document and the catalogues, and stamps the content hash. */
import { createHash } from "node:crypto";
import { Provenance } from "@x/generator-core";
import { catalogue } from "./category-fields.js";
import { API_CONFIG, RECONSTRUCTED_DATE, RECONSTRUCTED_SOURCE, resource } from "./config.js";
import { sortKeys, toFileText, type Json, type JsonObject } from "./json.js";
import { attributePaths, genericPaths, typedPaths } from "./paths-v4.js";
import { sharedSchemas } from "./shared.js";
import { vehicleTables } from "./tables.js";
import { v3Paths, v3Schemas } from "./v3.js";
import { vehicleSchemas } from "./vehicle-schemas.js";

/**
 * sha256 of the document's file text (2-space JSON + newline) with `info['x-reconstructed'].sha256` set to "".
 * Exported so the tests recompute it the same way.
 */
export function contentHash(doc: JsonObject): string {
  const info = doc["info"] as JsonObject;
  const stamp = info["x-reconstructed"] as JsonObject;
  const blank: JsonObject = { ...doc, info: { ...info, "x-reconstructed": { ...stamp, sha256: "" } } };
  return createHash("sha256").update(toFileText(blank)).digest("hex");
}

export function buildDocument(): JsonObject {
  const tables = vehicleTables();
  let paths: Record<string, Record<string, JsonObject>> = { ...genericPaths(), ...attributePaths(), ...v3Paths() };
  let schemas: Record<string, JsonObject> = { ...sharedSchemas(), ...v3Schemas() };
  for (const table of tables) {
    paths = { ...paths, ...typedPaths(table) };
    schemas = { ...schemas, ...vehicleSchemas(table) };
  }
  const tags: JsonObject[] = [
    { name: "ad", description: "Generic endpoints on /v4/ad: list (V3 and V4 ads), get, delete, log, bump, pole position, retry." },
    ...tables.map((t) => ({
      name: t.type,
      description: `${t.label}: category ${resource(t.type).categoryId}, ${resource(t.type).registered ? "registered vehicle (no title/contact)" : "non-registered (title and contact required)"}.`,
    })),
    { name: "vehicles", description: "Vehicle attributes and their valid values." },
    { name: "v3", description: "Legacy V3 API, still fully supported; new features are V4-only." },
  ];
  const doc: JsonObject = {
    openapi: "3.1.0",
    info: {
      title: API_CONFIG.title,
      version: "4.0.0",
      description:
        "Reconstructed snapshot of the Blocket Pro Import API from its public documentation; `pnpm spec:pull` replaces it with the live drf-spectacular document. POST, PUT, PATCH and DELETE are asynchronous: follow progress in the ad's log.",
      "x-reconstructed": { source: RECONSTRUCTED_SOURCE, date: RECONSTRUCTED_DATE, sha256: "" },
    },
    servers: [{ url: API_CONFIG.baseUrl }],
    security: [{ jwtAuth: [] }],
    tags,
    paths: sortKeys(paths),
    components: {
      securitySchemes: {
        jwtAuth: { type: "apiKey", in: "header", name: API_CONFIG.auth.header, description: "JWT from Blocket customer support; scope `dealer_code` or `dealer_group`." },
      },
      schemas: sortKeys(schemas),
    },
  };
  internSources(doc);
  // Every constraint must name its source: the same check generator-core runs when it loads the document.
  new Provenance(doc).constraints(doc);
  const info = doc["info"] as JsonObject;
  (info["x-reconstructed"] as JsonObject)["sha256"] = contentHash(doc);
  return doc;
}

/**
 * Moves every source into `components['x-sources']` and leaves its id in place: the same sentence is quoted by
 * hundreds of constraints, and stored once the document stays readable (and half the size). Ids are the source's
 * kind and first words, so a reader can tell them apart without looking them up.
 */
function internSources(doc: JsonObject): void {
  const byText = new Map<string, string>();
  const registry: Record<string, JsonObject> = {};
  const idFor = (source: JsonObject): string => {
    const text = JSON.stringify(source);
    const known = byText.get(text);
    if (known !== undefined) return known;
    const words = String(source["quote"] ?? source["reason"] ?? "").toLowerCase().replace(/[^a-z0-9_]+/g, " ").trim().split(" ").slice(0, 6).join("-");
    let id = `${String(source["kind"])}:${words}`;
    if (id in registry) id = `${id}-${createHash("sha256").update(text).digest("hex").slice(0, 6)}`;
    registry[id] = source;
    byText.set(text, id);
    return id;
  };
  const isSource = (value: Json | undefined): value is JsonObject =>
    value !== null && typeof value === "object" && !Array.isArray(value) && typeof value["kind"] === "string";
  const visit = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "x-source" && value !== null && typeof value === "object" && !Array.isArray(value)) {
        for (const [keyword, entry] of Object.entries(value)) {
          if (isSource(entry)) value[keyword] = idFor(entry);
          else if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
            const perProperty: JsonObject = entry;
            for (const [property, inner] of Object.entries(perProperty)) if (isSource(inner)) perProperty[property] = idFor(inner);
          }
        }
      } else if (key === "source" && isSource(value) && "rule" in node) {
        node[key] = idFor(value);
      } else {
        visit(value);
      }
    }
  };
  visit(doc);
  const components = doc["components"] as JsonObject;
  components["x-sources"] = sortKeys(registry);
}

/** Catalogue files keyed by vehicle type, keys sorted (the shape the attribute endpoints return). */
export function buildCatalogues(): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  for (const table of vehicleTables()) out[table.type] = sortKeys(catalogue(table)) as JsonObject;
  return out;
}
