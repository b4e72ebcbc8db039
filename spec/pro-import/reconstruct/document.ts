/** Assembles the OpenAPI document and the catalogues, and stamps the content hash. */
import { catalogue } from "./category-fields.js";
import { API_CONFIG, RECONSTRUCTED_DATE, RECONSTRUCTED_SOURCE, resource } from "./config.js";
import { finishDocument } from "../../reconstruct/document.js";
import { sortKeys, type JsonObject } from "../../reconstruct/json.js";
import { attributePaths, genericPaths, typedPaths } from "./paths-v4.js";
import { sharedSchemas } from "./shared.js";
import { vehicleTables } from "./tables.js";
import { v3Paths, v3Schemas } from "./v3.js";
import { vehicleSchemas } from "./vehicle-schemas.js";

export { contentHash } from "../../reconstruct/document.js";

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
  return finishDocument(doc);
}

/** Catalogue files keyed by vehicle type, keys sorted (the shape the attribute endpoints return). */
export function buildCatalogues(): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  for (const table of vehicleTables()) out[table.type] = sortKeys(catalogue(table)) as JsonObject;
  return out;
}
