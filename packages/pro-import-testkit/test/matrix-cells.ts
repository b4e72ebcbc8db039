/**
 * The cells of the life-cycle matrix, built from the snapshot the fake was generated from (its OpenAPI document,
 * request examples, resource facts and catalogues), never from a hand-typed list: a vehicle type, a field or a
 * category added to the snapshot gets its cells.
 */
import { CATALOGUES } from '../src/generated/catalogues.gen.js';
import { REQUEST_EXAMPLES } from '../src/generated/examples.gen.js';
import { OPENAPI_DOCUMENT } from '../src/generated/openapi.gen.js';
import { RESOURCES } from '../src/generated/resources.gen.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const schemas = ((OPENAPI_DOCUMENT.components as Schema).schemas ?? {}) as Record<string, Schema>;

/** A schema with `$ref`s and the `oneOf: [X, {type: null}]` wrapper followed; `oneOf` alternatives merged. */
export function resolve(schema: unknown): Schema {
  if (!isObject(schema)) return {};
  if (typeof schema.$ref === 'string') return resolve(schemas[schema.$ref.split('/').pop() ?? '']);
  const members = Array.isArray(schema.oneOf) ? schema.oneOf.map(resolve) : [];
  const nonNull = members.filter((m) => m.type !== 'null');
  if (members.length > 0 && nonNull.length === 1) return { ...resolve(nonNull[0]), ...(schema.description === undefined ? {} : {}) };
  if (nonNull.length > 1 && nonNull.every((m) => m.type === 'object')) {
    const properties: Record<string, unknown> = { ...(schema.properties as Record<string, unknown> | undefined) };
    for (const m of nonNull) Object.assign(properties, m.properties as Record<string, unknown>);
    return { type: 'object', properties };
  }
  return schema as Schema;
}

export const pascal = (type: string) => type.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
export const snake = (type: string) => type.replace(/-/g, '_');
export const namespaceOf = (type: string) => type.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export type TypeFacts = { type: string; registered: boolean; categoryId: number; legacyCategoryIds: number[]; migrationRequired: boolean };
export const TYPES: TypeFacts[] = Object.entries(RESOURCES)
  .map(([type, f]) => ({ type, registered: f.registered, categoryId: f.categoryId, legacyCategoryIds: [...f.legacyCategoryIds], migrationRequired: f.migrationRequired === true }))
  .sort((a, b) => (a.type < b.type ? -1 : 1));

/** The spec's create example of a type (Swagger's "Example Value"). */
export function createExample(type: string): JsonObject {
  return structuredClone(REQUEST_EXAMPLES[`v4_${snake(type)}_create`]) as JsonObject;
}

export function migrateExample(type: string): JsonObject {
  return structuredClone(REQUEST_EXAMPLES[`v4_${snake(type)}_migrate_create`]) as JsonObject;
}

/** A string of the same shape with its last digit or letter changed (keeps plate, phone, zipcode, VIN patterns). */
function alterText(value: string, salt: number): string {
  for (let i = value.length - 1; i >= 0; i -= 1) {
    const c = value.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const upper = c >= 65 && c <= 90;
    const lower = c >= 97 && c <= 122;
    if (!digit && !upper && !lower) continue;
    const [base, size] = digit ? [48, 10] : upper ? [65, 26] : [97, 26];
    let next = base + ((c - base + 1 + salt) % size);
    // VINs never contain I, O or Q.
    if (upper && [73, 79, 81].includes(next)) next = base + ((next - base + 1) % size);
    return value.slice(0, i) + String.fromCharCode(next) + value.slice(i + 1);
  }
  return `${value}x`;
}

/** A value of `schema` that differs from `current` and keeps to every rule of the schema (strict ones included). */
export function changed(schema: Schema, current: Json | undefined, where: { type: string; path: string; salt: number; fields?: JsonObject }): Json {
  const s = resolve(schema);
  const catalogue = CATALOGUES[where.type];
  const attribute = where.path.replace(/^category_fields\./, '');
  const child = catalogue?.children?.[attribute];
  if (child !== undefined && where.fields !== undefined) {
    const parent = where.fields[child.parent];
    const options = (child.values[String(parent)] ?? []).map((v) => v.id).filter((id) => id !== current);
    if (options[0] !== undefined) return options[0];
  }
  const list = Array.isArray(s.enum) ? (s.enum as Json[]) : undefined;
  if (list !== undefined) return list.find((v) => v !== current && v !== 'reduced') ?? list[0] ?? null;
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'boolean':
      return current !== true;
    case 'integer': {
      const value = typeof current === 'number' ? current : typeof s.minimum === 'number' ? s.minimum : 1;
      return typeof s.maximum === 'number' && value + 1 > s.maximum ? value - 1 : value + 1;
    }
    case 'number':
      return typeof current === 'number' ? current + 1 : 1;
    case 'array': {
      const items = resolve(s.items);
      if (where.path === 'price') return [{ type: 'list', amount: 123_000 + where.salt * 1000, currency: 'SEK' }];
      if (Array.isArray(items.enum)) {
        const now = Array.isArray(current) ? current : [];
        const extra = (items.enum as Json[]).find((v) => !now.includes(v));
        return extra === undefined ? now.slice(1) : [...now, extra];
      }
      return [`https://cdn.example.com/matrix/${where.type}/${where.salt}.jpg`];
    }
    case 'string': {
      if (s.format === 'email') return `changed${where.salt}@example.com`;
      if (where.path === 'video_url') return `https://www.youtube.com/watch?v=matrix${where.salt}`;
      if (s.format === 'uri') return `https://www.example.com/${where.type}/changed/${where.salt}${where.path === 'product_declaration' ? '.pdf' : ''}`;
      if (typeof current === 'string' && (s.pattern !== undefined || typeof s.maxLength === 'number')) return alterText(current, where.salt);
      const text = typeof current === 'string' ? `${current} (ändrad ${where.salt})` : `Ändrad ${where.salt}`;
      return typeof s.maxLength === 'number' ? text.slice(0, s.maxLength) : text;
    }
    default:
      return typeof current === 'string' ? alterText(current, where.salt) : `changed-${where.salt}`;
  }
}

/** One update of the matrix: its name and the body sent (with PATCH, then with PUT). */
export type UpdateCell = { name: string; body: JsonObject };

/** The properties of a type's update body, by name (the schema of what the server merges). */
export function updateProperties(type: string): Record<string, Schema> {
  return (resolve(schemas[`Patched${pascal(type)}UpdateRequest`]).properties ?? {}) as Record<string, Schema>;
}

/**
 * Every update cell of a type: each top-level field alone (a whole new value; the same category and dealer), and
 * each member of each nested object alone (category fields' attributes and groups, contact, location).
 */
export function updateCells(type: string, current: JsonObject): UpdateCell[] {
  const cells: UpdateCell[] = [];
  let salt = 0;
  for (const [field, raw] of Object.entries(updateProperties(type)).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const schema = resolve(raw);
    if (isObject(raw) && isObject(raw.not) && Object.keys(raw.not).length === 0) continue; // must not be sent
    if (field === 'category_id') {
      cells.push({ name: 'category_id (the same)', body: { category_id: current.category_id ?? null } });
      continue;
    }
    if (field === 'dealer_code') {
      cells.push({ name: 'dealer_code (the same)', body: { dealer_code: 'D1' } });
      continue;
    }
    salt += 1;
    if (schema.type !== 'object' || !isObject(schema.properties)) {
      cells.push({ name: field, body: { [field]: changed(schema, current[field], { type, path: field, salt }) } });
      continue;
    }
    const now = isObject(current[field]) ? (current[field] as JsonObject) : {};
    for (const [member, sub] of Object.entries(schema.properties as Record<string, Schema>)) {
      if (isObject(sub) && isObject(sub.not)) continue;
      // A location changes its alternative's members only (another alternative would be two at once).
      if (field === 'location' && now[member] === undefined) continue;
      salt += 1;
      const memberSchema = resolve(sub);
      if (memberSchema.type === 'object' && isObject(memberSchema.properties)) {
        const group = isObject(now[member]) ? (now[member] as JsonObject) : {};
        for (const [leaf, leafSchema] of Object.entries(memberSchema.properties as Record<string, Schema>)) {
          salt += 1;
          cells.push({ name: `${field}.${member}.${leaf}`, body: { [field]: { [member]: { [leaf]: changed(leafSchema, group[leaf], { type, path: `${field}.${member}.${leaf}`, salt }) } } } });
        }
        continue;
      }
      cells.push({ name: `${field}.${member}`, body: { [field]: { [member]: changed(memberSchema, now[member], { type, path: `${field}.${member}`, salt, fields: now }) } } });
    }
  }
  return cells;
}

/** Deep merge the way the documents describe PUT and PATCH: objects merge, the rest replaces, nested null removes. */
export function merged(base: JsonObject, patch: JsonObject, nested = false): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null && nested) delete out[key];
    else out[key] = isObject(value) && isObject(out[key]) ? merged(out[key] as JsonObject, value, true) : value;
  }
  return out;
}

/** The V3 categories of the snapshot (the create body's category enum) with what the V3 rules require of each. */
export function v3Categories(): Array<{ id: number; needs: string[] }> {
  const request = schemas.V3AdRequest as Schema;
  const ids = ((request.properties as Record<string, Schema>).category_id?.enum ?? []) as number[];
  const rules = (request['x-rules'] ?? []) as Array<{ rule: string; categories: number[]; required?: string[]; alternatives?: string[][] }>;
  return ids.map((id) => {
    const needs = new Set<string>();
    for (const rule of rules) {
      if (!rule.categories.includes(id)) continue;
      for (const field of rule.required ?? rule.alternatives?.[0] ?? []) needs.add(field);
    }
    return { id, needs: [...needs].sort() };
  });
}

/** The V3 create example for a category, with the fields the category's rules need. */
export function v3Body(id: number, needs: readonly string[], sourceId: string): JsonObject {
  const body = structuredClone(REQUEST_EXAMPLES.v3_ad_create) as JsonObject;
  return { ...body, source_id: sourceId, category_id: id, ...(needs.includes('category_fields') ? { category_fields: { registration_number: 'ABC123' } } : {}) };
}
