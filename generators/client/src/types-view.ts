/**
 * The document as the client's types should see it. Types follow what the server is known to enforce: a
 * reconstructed or inferred constraint must not make a valid real-world body a compile error, so
 *
 * - an `enum` (or `const`) that is not documented becomes open (`'volvo' | 'saab' | (string & {})`): known values autocomplete,
 *   every other value compiles;
 * - a `required` entry that is not documented becomes optional;
 * - `additionalProperties: false` that is not documented no longer closes an object whose own fields are guesses
 *   (category fields: a real field the reconstruction does not know must compile); an object of documented fields
 *   stays closed to unknown keys in object literals, which catches typos (the server would ignore them);
 * - `not: {}` (a field that must not be sent) becomes `never` when documented;
 * - each node with such a constraint gets a one-line note in its JSDoc, so the guess is visible where it is used.
 *
 * These apply to what a request sends: schemas a request body or parameter reaches. A schema only responses use
 * keeps its shape (a response is read, not refused). A live document (pulled from the server) passes through
 * unchanged, except that `x-source` metadata is removed.
 */
import {
  CONSTRAINT_KEYWORDS,
  hasConstraint,
  isEnforced,
  isRecord,
  nullableMember,
  REGISTRY_KEY,
  SOURCE_KEY,
  type ApiModel,
  type ConstraintSource,
} from '@x/generator-core';
import { NEVER, NULL, NUMBER, STRING, numberLiteral, stringLiteral, type TypeNode } from './openapi-types.js';

/** Marks an enum that the types keep open. */
export const OPEN_ENUM = 'x-open-enum';

type Node = Record<string, unknown>;

/** A deep copy of the model's document for openapi-typescript, with the rules above applied. */
export function typesView(model: ApiModel): Record<string, unknown> {
  const document = structuredClone(model.document);
  const provenance = model.provenance;
  const components = isRecord(document.components) ? document.components : undefined;
  if (components !== undefined) delete components[REGISTRY_KEY];

  const requestSchemas = reachableFromRequests(document);
  /** Whether some property's own type is not documented: the object's field list is a reconstruction. */
  const hasGuessedFields = (node: Node, at: string): boolean => {
    const properties = isRecord(node.properties) ? node.properties : {};
    return Object.entries(properties).some(([name, property]) => {
      const member = nullableMember(property);
      const target = isRecord(member) ? member : isRecord(property) ? property : undefined;
      if (target === undefined || typeof target.type !== 'string') return false;
      return !isEnforced(provenance.sourceOf(target, 'type', `${at}/properties/${escape(name)}`));
    });
  };
  let request = true;
  const visit = (node: unknown, at: string, inUnion: boolean): void => {
    if (!isRecord(node)) return;
    const original: Node = { ...node };
    const guesses: string[] = [];
    const note = (what: string, source: ConstraintSource) => guesses.push(`\`${what}\` (${source.kind})`);
    if (provenance.reconstructed && request) {
      for (const keyword of CONSTRAINT_KEYWORDS) {
        if (!hasConstraint(original, keyword, inUnion)) continue;
        if (keyword === 'required') continue;
        const source = provenance.sourceOf(original, keyword, at);
        if (isEnforced(source)) continue;
        note(keyword, source);
        if (keyword === 'enum') node[OPEN_ENUM] = true;
        else if (keyword === 'const') {
          node.enum = [original.const];
          delete node.const;
          node[OPEN_ENUM] = true;
        }
        else if (keyword === 'additionalProperties') {
          if (hasGuessedFields(original, at)) node.additionalProperties = true;
          else delete node.additionalProperties;
        } else if (keyword === 'not') delete node[keyword];
      }
      if (Array.isArray(original.required) && isRecord(node.properties)) {
        const properties = node.properties;
        node.required = original.required.filter((name) => {
          if (typeof name !== 'string') return false;
          const source = provenance.sourceOf(original, 'required', at, name);
          if (isEnforced(source)) return true;
          const property = properties[name];
          if (isRecord(property)) addNote(property, `\`required\` (${source.kind})`);
          return false;
        });
      }
    }
    if (isRecord(node.not) && Object.keys(node.not).length === 0 && Object.keys(node).every((k) => k === 'not' || k === 'description' || k === SOURCE_KEY)) {
      // `not: {}` alone: openapi-typescript reads `false` as `never`.
      for (const key of Object.keys(node)) if (key !== 'description') delete node[key];
      node['x-never'] = true;
    }
    delete node[SOURCE_KEY];
    for (const guess of guesses) addNote(node, guess);
    if (isRecord(node.properties)) {
      for (const [name, sub] of Object.entries(node.properties)) visit(sub, `${at}/properties/${escape(name)}`, false);
    }
    for (const key of ['items', 'additionalProperties', 'not'] as const) visit(node[key], `${at}/${key}`, false);
    for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach((sub, i) => visit(sub, `${at}/${key}/${i}`, key !== 'allOf'));
    }
  };

  const finish = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(finish);
    if (!isRecord(node)) return;
    // A nullable wrapper shows the notes (and the open enum) of the schema it wraps: openapi-typescript documents
    // the property, not the members of its union.
    const inner = nullableInner(node);
    if (inner !== undefined) {
      for (const line of notesOf(inner)) addNote(node, line);
      delete inner[NOTES];
      if (inner[OPEN_ENUM] === true) node[OPEN_ENUM] = 'nullable';
    }
    for (const value of Object.values(node)) finish(value);
    const lines = notesOf(node);
    delete node[NOTES];
    if (lines.length === 0) return;
    const line = `Not stated by the documentation (the validators only warn; see PROVENANCE.md): ${lines.join(', ')}.`;
    node.description = typeof node.description === 'string' && node.description !== '' ? `${node.description}\n\n${line}` : line;
  };

  const schemas = isRecord(components?.schemas) ? components.schemas : {};
  for (const [name, schema] of Object.entries(schemas)) {
    request = requestSchemas.has(name);
    visit(schema, `#/components/schemas/${escape(name)}`, false);
  }
  const paths = isRecord(document.paths) ? document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!isRecord(op)) continue;
      const opAt = `#/paths/${escape(path)}/${method}`;
      if (Array.isArray(op.parameters)) {
        request = true;
        op.parameters.forEach((param, i) => {
          if (!isRecord(param)) return;
          const paramAt = `${opAt}/parameters/${i}`;
          if (param.required === true && param.in !== 'path' && !isEnforced(provenance.parameterSource(param, paramAt))) param.required = false;
          delete param[SOURCE_KEY];
          visit(param.schema, `${paramAt}/schema`, false);
        });
      }
      for (const [where, holder] of [['requestBody', op.requestBody], ...Object.entries(isRecord(op.responses) ? op.responses : {}).map(([s, r]) => [`responses/${s}`, r] as const)] as const) {
        if (!isRecord(holder) || !isRecord(holder.content)) continue;
        request = where === 'requestBody';
        for (const [type, media] of Object.entries(holder.content)) {
          if (isRecord(media)) visit(media.schema, `${opAt}/${where}/content/${escape(type)}/schema`, false);
        }
      }
    }
  }
  finish(document);
  return document;
}

const NOTES = 'x-notes';

/** Names of the component schemas a request body or a parameter reaches, through any number of `$ref`s. */
function reachableFromRequests(document: Record<string, unknown>): Set<string> {
  const components = isRecord(document.components) && isRecord(document.components.schemas) ? document.components.schemas : {};
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isRecord(node)) return;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/components/schemas/')) {
      const name = node.$ref.slice('#/components/schemas/'.length);
      if (!found.has(name)) {
        found.add(name);
        walk(components[name]);
      }
    }
    for (const value of Object.values(node)) walk(value);
  };
  const paths = isRecord(document.paths) ? document.paths : {};
  for (const item of Object.values(paths)) {
    if (!isRecord(item)) continue;
    for (const op of Object.values(item)) {
      if (!isRecord(op)) continue;
      walk(op.parameters);
      walk(op.requestBody);
    }
  }
  return found;
}

function addNote(node: Node, what: string): void {
  const lines = notesOf(node);
  if (!lines.includes(what)) node[NOTES] = [...lines, what];
}

function notesOf(node: Node): string[] {
  const lines = node[NOTES];
  return Array.isArray(lines) ? lines.filter((l): l is string => typeof l === 'string') : [];
}

/** The inline (not `$ref`) schema of a nullable wrapper. */
function nullableInner(node: Node): Node | undefined {
  const member = nullableMember(node);
  return isRecord(member) && member.$ref === undefined ? member : undefined;
}

/**
 * The types' `transform` hook: an open enum becomes its literals plus `(string & {})` (or `(number & {})`), so known
 * values still autocomplete; `x-never` (a field that must not be sent) becomes `never`.
 */
export function transformSchema(schema: Record<string, unknown>): TypeNode | undefined {
  if (schema['x-never'] === true) return NEVER;
  if (schema[OPEN_ENUM] === 'nullable') {
    const inner = nullableInner(schema);
    const open = inner === undefined ? undefined : transformSchema(inner);
    return open === undefined ? undefined : { kind: 'union', types: [open, NULL] };
  }
  if (schema[OPEN_ENUM] !== true || !Array.isArray(schema.enum)) return undefined;
  const values = schema.enum;
  const literals = values.map((value): TypeNode => (typeof value === 'number' ? numberLiteral(value) : stringLiteral(String(value))));
  const numeric = values.every((value) => typeof value === 'number');
  const open: TypeNode = { kind: 'intersection', types: [numeric ? NUMBER : STRING, { kind: 'object', members: [] }] };
  return { kind: 'union', types: [...literals, open] };
}


