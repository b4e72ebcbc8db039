/** The last steps of every reconstructed document: sources interned, provenance checked, content hash stamped. */
import { createHash } from "node:crypto";
import { Provenance } from "@x/generator-core";
import { sortKeys, toFileText, type Json, type JsonObject } from "./json.js";

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

/**
 * Interns the sources, checks that every constraint names one (the same check generator-core runs when it loads the
 * document) and stamps `info['x-reconstructed'].sha256`. Changes `doc` in place and answers it.
 */
export function finishDocument(doc: JsonObject): JsonObject {
  internSources(doc);
  new Provenance(doc).constraints(doc);
  const info = doc["info"] as JsonObject;
  (info["x-reconstructed"] as JsonObject)["sha256"] = contentHash(doc);
  return doc;
}

/**
 * Moves every source into `components['x-sources']` and leaves its id in place: the same sentence is quoted by many
 * constraints, and stored once the document stays readable. An id is the source's kind and the first six words of
 * its quote or reason (`documented:content-string-yes`); two different sources with the same words get the first six
 * hex digits of their sha256 appended.
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
    if (Object.hasOwn(registry, id)) id = `${id}-${createHash("sha256").update(text).digest("hex").slice(0, 6)}`;
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
        // An x-rules entry's source.
        node[key] = idFor(value);
      } else {
        visit(value);
      }
    }
  };
  visit(doc);
  (doc["components"] as JsonObject)["x-sources"] = sortKeys(registry);
}
