/**
 * Where each rule of a reconstructed snapshot comes from, shared by every API's reconstruction. Every constraint the
 * reconstruction writes (type, enum, pattern, bound, required entry, additionalProperties, default, x-rules) takes a
 * `Source`, so a rule without a source cannot be written, and `finishDocument` checks the whole document with
 * generator-core's `Provenance` (which refuses any constraint without `x-source`).
 *
 * - `documented`: the sentence it rests on, copied from a vendored document of the API (a test of each API finds
 *   every quote in its `docs/` folder, so a quote cannot be invented);
 * - `inferred`: a reading of the documents (an example's shape, a second-hand fact);
 * - `reconstructed`: our design where the documents are silent, what the real server most plausibly accepts.
 */
import type { JsonObject } from "./json.js";

/** A rule's source; `Doc` is the API's document names. */
export type Source<Doc extends string = string> =
  | { kind: "documented"; doc: Doc; quote: string }
  | { kind: "inferred"; reason: string }
  | { kind: "reconstructed"; reason: string };

/** A constraint's value and where it comes from: the only way a table can hold a constraint. */
export interface Sourced<T, Doc extends string = string> {
  value: T;
  source: Source<Doc>;
}

/**
 * The source constructors of one API, typed by its document names.
 *
 * @example
 * export const { documented, inferred, reconstructed } = sourceConstructors<"guide.txt">();
 */
export function sourceConstructors<Doc extends string>() {
  return {
    documented: (doc: Doc, quote: string): Source<Doc> => ({ kind: "documented", doc, quote }),
    inferred: (reason: string): Source<Doc> => ({ kind: "inferred", reason }),
    reconstructed: (reason: string): Source<Doc> => ({ kind: "reconstructed", reason }),
  };
}

/** `x-source` of one schema node: `*` for every keyword without its own entry; `required` whole or per property. */
export type NodeSources = { "*"?: Source; required?: Source | Record<string, Source> } & Partial<Record<string, Source | Record<string, Source>>>;

/** Stamps a schema node with its sources, merged with any it already carries. */
export function sourced(schema: JsonObject, sources: NodeSources): JsonObject {
  const current = schema["x-source"];
  const merged: JsonObject = current !== null && typeof current === "object" && !Array.isArray(current) ? { ...current } : {};
  for (const [keyword, source] of Object.entries(sources)) if (source !== undefined) merged[keyword] = source as JsonObject;
  return { ...schema, "x-source": merged };
}

/** A schema node whose every constraint comes from one source. */
export function withSource(source: Source, schema: JsonObject): JsonObject {
  return sourced(schema, { "*": source });
}

/** A value together with its source (an enum list, a bound). */
export function sourcedValue<T, Doc extends string>(value: T, source: Source<Doc>): Sourced<T, Doc> {
  return { value, source };
}

/**
 * An object schema with the source of its type, of each required entry, and (when closed) of
 * `additionalProperties: false`.
 */
export function object(options: {
  description?: string;
  properties: Record<string, JsonObject>;
  required?: Record<string, Source>;
  /** Source of `type: object`. */
  source: Source;
  /** Unknown members: a source closes the object (`additionalProperties: false`); undefined leaves it open. */
  closed?: Source;
}): JsonObject {
  const required = Object.keys(options.required ?? {});
  const sources: NodeSources = { "*": options.source };
  if (required.length > 0) sources.required = options.required ?? {};
  if (options.closed !== undefined) sources["additionalProperties"] = options.closed;
  return sourced(
    {
      type: "object",
      ...(options.description === undefined ? {} : { description: options.description }),
      properties: options.properties,
      ...(required.length > 0 ? { required } : {}),
      ...(options.closed === undefined ? {} : { additionalProperties: false }),
    },
    sources,
  );
}
