/** Plain JSON values: every schema and example in the document is built from these, so nothing is `any`. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** A `$ref` to a component schema. */
export function ref(name: string): JsonObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** OpenAPI 3.1 way of saying "this or null" (drf-spectacular emits oneOf with a null type). */
export function nullable(schema: JsonObject): JsonObject {
  return { oneOf: [schema, { type: "null" }] };
}

/** Returns a copy with the keys sorted recursively: used where key order carries no meaning. */
export function sortKeysDeep(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === "object") {
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort()) {
      const item = value[key];
      if (item !== undefined) out[key] = sortKeysDeep(item);
    }
    return out;
  }
  return value;
}

/** Returns an object whose keys are sorted, values untouched (for maps such as paths and schemas). */
export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item !== undefined) out[key] = item;
  }
  return out;
}

/** The file format used everywhere: 2-space JSON with a trailing newline. */
export function toFileText(value: Json): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
