import { RECONSTRUCTED_DATE, RECONSTRUCTED_SOURCE } from "./config.js";
import type { Json, JsonObject } from "./json.js";
import { attributeName, type FieldSpec, type VehicleTable } from "./table.js";

/** JSON Schema of one attribute. Enumerable attributes carry their catalogue ids as `enum` (README convention). */
function fieldSchema(field: FieldSpec): JsonObject {
  const base: JsonObject = { description: field.description };
  const ids = (field.values ?? []).map((v) => v.id);
  switch (field.kind) {
    case "enum":
      return { type: "string", enum: ids, ...base };
    case "enum-list":
      return { type: "array", items: { type: "string", enum: ids }, uniqueItems: true, ...base };
    case "string":
      return {
        type: "string",
        ...(field.pattern === undefined ? {} : { pattern: field.pattern }),
        ...(field.maxLength === undefined ? {} : { maxLength: field.maxLength }),
        ...base,
      };
    case "integer":
    case "number":
      return {
        type: field.kind,
        ...(field.minimum === undefined ? {} : { minimum: field.minimum }),
        ...(field.maximum === undefined ? {} : { maximum: field.maximum }),
        ...base,
      };
    case "boolean":
      return { type: "boolean", ...base };
  }
}

interface Node {
  properties: Record<string, JsonObject>;
  required: string[];
}

/** Splits the table into the top-level object and its nested groups (attribute ids are at most two levels deep). */
function buildTree(table: VehicleTable, withRequired: boolean): JsonObject {
  const top: Node = { properties: {}, required: [] };
  const groups = new Map<string, Node>();
  for (const field of table.fields) {
    const parts = field.path.split(".");
    if (parts.length > 2) throw new Error(`${table.type}: attribute ${field.path} is nested too deep`);
    const [head, leaf] = parts as [string, string | undefined];
    if (leaf === undefined) {
      top.properties[head] = fieldSchema(field);
      if (field.required === true && withRequired) top.required.push(head);
      continue;
    }
    let group = groups.get(head);
    if (group === undefined) {
      group = { properties: {}, required: [] };
      groups.set(head, group);
      // Placeholder keeps the group where its first field appears; filled in below.
      top.properties[head] = {};
    }
    group.properties[leaf] = fieldSchema(field);
    if (field.required === true && withRequired) group.required.push(leaf);
  }
  for (const [name, group] of groups) {
    top.properties[name] = objectSchema(group, table.groups?.[name] ?? attributeName(name));
    if (group.required.length > 0) top.required.push(name);
  }
  return objectSchema(top, "");
}

function objectSchema(node: Node, description: string): JsonObject {
  return {
    type: "object",
    ...(description === "" ? {} : { description }),
    properties: node.properties,
    ...(node.required.length > 0 ? { required: node.required } : {}),
    // Unknown attributes are almost always typos; rejecting them client-side is the safer reading.
    additionalProperties: false,
  };
}

/** `<P>CategoryFields`: the create/PUT shape, with the table's required attributes. */
export function categoryFieldsSchema(table: VehicleTable): JsonObject {
  const schema = buildTree(table, true);
  const ids = table.fields.filter((f) => f.required === true).map((f) => `\`${f.path}\``);
  schema["description"] = `Category fields of ${table.label}. Required: ${ids.join(", ")}. Enumerable attributes list the ids of \`GET /v4/vehicles/${table.type}/{attribute}\`.`;
  return schema;
}

/** `Patched<P>CategoryFields`: PUT and PATCH deep-merge `category_fields`, so a PATCH may send any subset. */
export function patchedCategoryFieldsSchema(table: VehicleTable): JsonObject {
  const schema = buildTree(table, false);
  schema["description"] = `Category fields of ${table.label} for PATCH: nothing required, because updates deep-merge nested objects.`;
  return schema;
}

/** The `category_fields` of the create example, built from the table's per-field examples. */
export function exampleCategoryFields(table: VehicleTable): JsonObject {
  const out: JsonObject = {};
  for (const field of table.fields) {
    if (field.example === undefined || field.example === null) continue;
    const parts = field.path.split(".");
    const [head, leaf] = parts as [string, string | undefined];
    if (leaf === undefined) {
      out[head] = field.example;
    } else {
      const group = out[head];
      const obj: JsonObject = group !== undefined && group !== null && typeof group === "object" && !Array.isArray(group) ? group : {};
      obj[leaf] = field.example;
      out[head] = obj;
    }
  }
  return out;
}

/** The catalogue file: what the attribute endpoints return, every list sorted by id. */
export function catalogue(table: VehicleTable): JsonObject {
  const enumerable = table.fields.filter((f) => f.values !== undefined).sort((a, b) => (a.path < b.path ? -1 : 1));
  const values: JsonObject = {};
  for (const field of enumerable) values[field.path] = choicesJson(field.values ?? []);
  const result: JsonObject = {
    attributes: enumerable.map((f) => ({ id: f.path, name: attributeName(f.path) })),
    values,
  };
  if (table.children !== undefined) {
    const children: JsonObject = {};
    for (const [attribute, child] of Object.entries(table.children)) {
      const perParent: JsonObject = {};
      for (const parent of Object.keys(child.values).sort()) perParent[parent] = choicesJson(child.values[parent] ?? []);
      children[attribute] = { parent: child.parent, values: perParent };
    }
    result["children"] = children;
  }
  result["x-reconstructed"] = { source: RECONSTRUCTED_SOURCE, date: RECONSTRUCTED_DATE };
  return result;
}

function choicesJson(list: { id: string; name: string }[]): Json[] {
  return [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((c) => ({ id: c.id, name: c.name }));
}
