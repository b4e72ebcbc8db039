import { RECONSTRUCTED_DATE, RECONSTRUCTED_SOURCE } from "./config.js";
import { nullable, type Json, type JsonObject } from "../../reconstruct/json.js";
import {
  CATALOGUE_VALUES, DRF_EXTRA_FIELDS, RECONSTRUCTED_FIELD, reconstructed, sourced, V4_FIELD_TABLE,
  type NodeSources, type Source,
} from "./sources.js";
import { attributeName, type FieldSpec, type VehicleTable } from "./table.js";

/** Duplicate ids in an id list: DRF's ListField does not refuse them, the reconstruction warns. */
const UNIQUE_IDS = reconstructed("The documentation does not say whether a list of ids may repeat an id; Django REST Framework's ListField accepts repeats, so the reconstruction only warns.");

/** JSON Schema of one attribute; optional attributes also accept `null` ("To clear a field, explicitly set it to null"). */
function fieldSchema(field: FieldSpec): JsonObject {
  const schema = valueSchema(field);
  return field.required === undefined ? { ...nullable(schema), description: field.description } : schema;
}

/** The attribute's own schema; each constraint carries its source. Enumerable attributes carry their catalogue ids (README convention). */
function valueSchema(field: FieldSpec): JsonObject {
  const base: JsonObject = { description: field.description };
  const ids = (field.values ?? []).map((v) => v.id);
  switch (field.kind) {
    case "enum":
      return sourced({ type: "string", enum: ids, ...base }, { "*": field.source, enum: CATALOGUE_VALUES });
    case "enum-list":
      return sourced(
        { type: "array", items: sourced({ type: "string", enum: ids }, { "*": field.source, enum: CATALOGUE_VALUES }), uniqueItems: true, ...base },
        { "*": field.source, uniqueItems: UNIQUE_IDS },
      );
    case "string": {
      const sources: NodeSources = { "*": field.source };
      const schema: JsonObject = { type: "string", ...base };
      if (field.pattern !== undefined) [schema["pattern"], sources["pattern"]] = [field.pattern.value, field.pattern.source];
      if (field.maxLength !== undefined) [schema["maxLength"], sources["maxLength"]] = [field.maxLength.value, field.maxLength.source];
      return sourced(schema, sources);
    }
    case "integer":
    case "number": {
      const sources: NodeSources = { "*": field.source };
      const schema: JsonObject = { type: field.kind, ...base };
      if (field.minimum !== undefined) [schema["minimum"], sources["minimum"]] = [field.minimum.value, field.minimum.source];
      if (field.maximum !== undefined) [schema["maximum"], sources["maximum"]] = [field.maximum.value, field.maximum.source];
      return sourced(schema, sources);
    }
    case "boolean":
      return sourced({ type: "boolean", ...base }, { "*": field.source });
  }
}

interface Node {
  properties: Record<string, JsonObject>;
  required: Record<string, Source>;
}

/** Splits the table into the top-level object and its nested groups (attribute ids are at most two levels deep). */
function buildTree(table: VehicleTable): JsonObject {
  const top: Node = { properties: {}, required: {} };
  const groups = new Map<string, Node>();
  for (const field of table.fields) {
    const parts = field.path.split(".");
    if (parts.length > 2) throw new Error(`${table.type}: attribute ${field.path} is nested too deep`);
    const [head, leaf] = parts as [string, string | undefined];
    const required = field.required;
    const effective = field;
    if (leaf === undefined) {
      top.properties[head] = fieldSchema(effective);
      if (required !== undefined) top.required[head] = required;
      continue;
    }
    let group = groups.get(head);
    if (group === undefined) {
      group = { properties: {}, required: {} };
      groups.set(head, group);
      // Placeholder keeps the group where its first field appears; filled in below.
      top.properties[head] = {};
    }
    group.properties[leaf] = fieldSchema(effective);
    if (required !== undefined) group.required[leaf] = required;
  }
  for (const [name, group] of groups) {
    const groupSource = table.groupSources?.[name] ?? RECONSTRUCTED_FIELD;
    const schema = objectSchema(group, table.groups?.[name] ?? attributeName(name), groupSource);
    const [firstRequired] = Object.values(group.required);
    if (firstRequired !== undefined) {
      top.properties[name] = schema;
      top.required[name] = firstRequired;
    } else {
      top.properties[name] = { ...nullable(schema), description: table.groups?.[name] ?? attributeName(name) };
    }
  }
  return objectSchema(top, "", V4_FIELD_TABLE("category_fields | object | Both | Yes"));
}

function objectSchema(node: Node, description: string, source: Source): JsonObject {
  const required = Object.keys(node.required);
  return sourced(
    {
      type: "object",
      ...(description === "" ? {} : { description }),
      properties: node.properties,
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
    },
    { "*": source, additionalProperties: DRF_EXTRA_FIELDS, ...(required.length > 0 ? { required: node.required } : {}) },
  );
}

/** `<P>CategoryFields`: the create shape, with the table's required attributes. */
export function categoryFieldsSchema(table: VehicleTable): JsonObject {
  const schema = buildTree(table);
  const ids = table.fields.filter((f) => f.required !== undefined).map((f) => `\`${f.path}\``);
  schema["description"] = `Category fields of ${table.label}. Required in the reconstruction (the documentation names none): ${ids.join(", ")}. Enumerable attributes list the ids of \`GET /v4/vehicles/${table.type}/{attribute}\`.`;
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
