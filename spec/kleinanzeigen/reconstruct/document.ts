/** Assembles the OpenAPI document, interns its sources and stamps the content hash. */
import { createHash } from "node:crypto";
import { Provenance } from "@x/generator-core";
import { sortKeys, toFileText, type Json, type JsonObject } from "../../pro-import/reconstruct/json.js";
import { API_CONFIG, RECONSTRUCTED_DATE, RECONSTRUCTED_SOURCE } from "./config.js";
import { allPaths } from "./paths.js";
import { componentSchemas } from "./schemas.js";

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

const DESCRIPTION = [
  "Reconstructed snapshot of the Kleinanzeigen Public API Gateway (goods API) from its public documentation: 10 pages of developer.kleinanzeigen.de (3 guides, the authentication page and 6 operation pages), vendored as a digest in `spec/kleinanzeigen/docs/`. No schema document of the API is public, so this is not a copy of the server's own.",
  "",
  "Every constraint says where it comes from (`x-source`, ids in `components['x-sources']`): documented (a quoted sentence), inferred (a reading of the documents) or reconstructed (our design where they are silent: the digest's gaps G-1..G-26, chosen as what a Spring Boot server most plausibly accepts). Only documented rules refuse; the others warn.",
  "",
  "Flow: get a token (`POST /oidc/token` on `/v2`), create an imprint, create a listing, request a media ticket, PUT the image to its presigned URL, attach it, then publish the listing under the imprint. Publishing and republishing are asynchronous: follow the publication's status.",
].join("\n");

export function buildDocument(): JsonObject {
  const doc: JsonObject = {
    openapi: "3.1.0",
    info: {
      title: API_CONFIG.title,
      version: "1.0.0",
      description: DESCRIPTION,
      "x-reconstructed": { source: RECONSTRUCTED_SOURCE, date: RECONSTRUCTED_DATE, sha256: "" },
    },
    servers: [{ url: API_CONFIG.baseUrl, description: "Goods API; operation paths start with /v1." }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "listings", description: "Listings: create, read, update (partial), delete. A listing is visible only through a validated publication." },
      { name: "imprints", description: "Imprints (legal \"Impressum\" texts) a listing is published under. Only create is documented (G-21)." },
      { name: "media", description: "Images: upload tickets with presigned URLs, attaching, deleting and reordering a listing's images." },
      { name: "publications", description: "Publications of a listing under an imprint: publish, read, republish, pause and resume. Asynchronous (G-13)." },
      { name: "auth", description: "OAuth 2.0 client-credentials token endpoint (`https://developer.kleinanzeigen.de/v2`)." },
    ],
    paths: sortKeys(allPaths()),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "The access token of `POST /oidc/token`. The documentation shows the header literally as `HttpHeaders.AUTHORIZATION` with a bare JWT, which is the name of Spring's constant for `Authorization` leaking from its docs generator; `Authorization: Bearer <jwt>` (matching `token_type: bearer`) is the reconstruction (G-1).",
        },
      },
      schemas: sortKeys(componentSchemas()),
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
 * Moves every source into `components['x-sources']`, leaving its id where it was, so a sentence quoted many times is
 * stored once. An id is the source's kind and the first six words of its quote or reason (`documented:content-string-yes`);
 * two different sources with the same words get the first six hex digits of their sha256 appended.
 */
function internSources(doc: JsonObject): void {
  const ids = new Map<string, string>();
  const registry: Record<string, JsonObject> = {};
  const intern = (source: JsonObject): string => {
    const text = JSON.stringify(source);
    const known = ids.get(text);
    if (known !== undefined) return known;
    const words = String(source["quote"] ?? source["reason"] ?? "")
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, " ")
      .trim()
      .split(" ")
      .slice(0, 6)
      .join("-");
    let id = `${String(source["kind"])}:${words}`;
    if (Object.hasOwn(registry, id)) id = `${id}-${createHash("sha256").update(text).digest("hex").slice(0, 6)}`;
    registry[id] = source;
    ids.set(text, id);
    return id;
  };
  const isSource = (value: Json | undefined): value is JsonObject =>
    value !== null && typeof value === "object" && !Array.isArray(value) && typeof value["kind"] === "string";
  const walk = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "x-source" && value !== null && typeof value === "object" && !Array.isArray(value)) {
        for (const [keyword, entry] of Object.entries(value)) {
          if (isSource(entry)) value[keyword] = intern(entry);
          else if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
            const perProperty: JsonObject = entry;
            for (const [property, inner] of Object.entries(perProperty)) if (isSource(inner)) perProperty[property] = intern(inner);
          }
        }
      } else {
        walk(value);
      }
    }
  };
  walk(doc);
  (doc["components"] as JsonObject)["x-sources"] = sortKeys(registry);
}
