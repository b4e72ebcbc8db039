/**
 * The `paths`, `webhooks`, `components`, `$defs` and `operations` types of an OpenAPI 3.x document, as
 * openapi-typescript 7 writes them with `alphabetize`, `exportType` and `defaultNonNullable: false` (the options this
 * project used), as text. openapi-typescript builds TypeScript compiler nodes and prints them, so it loads the
 * TypeScript compiler (half a second before it writes anything) and Redocly; these types are plain strings, built by
 * the same rules in the same order, and `test/openapi-types.test.ts` checks that the result is the same as
 * openapi-typescript's on the real specs and the fixtures.
 *
 * Not supported (refused with the JSON pointer, never guessed): `discriminator`, and `$ref`s to anything but this
 * document.
 */
import { SpecError, escapePointer, isRecord } from '@x/generator-core';

/** A type, as a small tree so that unions and intersections can be parenthesized and deduplicated as TypeScript does. */
export type TypeNode =
  | { kind: 'keyword'; name: 'string' | 'number' | 'boolean' | 'never' | 'unknown' | 'null' | 'undefined' }
  | { kind: 'literal'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'union'; types: TypeNode[] }
  | { kind: 'intersection'; types: TypeNode[] }
  | { kind: 'array'; element: TypeNode }
  | { kind: 'tuple'; elements: TypeNode[] }
  | { kind: 'object'; members: Member[] };

/** A member of an object type: a property or an index signature, with its JSDoc. */
export type Member =
  | { kind: 'property'; name: string; optional: boolean; readonly: boolean; type: TypeNode; doc?: string }
  | { kind: 'index'; key: string; type: TypeNode; doc?: string };

export const STRING: TypeNode = { kind: 'keyword', name: 'string' };
export const NUMBER: TypeNode = { kind: 'keyword', name: 'number' };
export const BOOLEAN: TypeNode = { kind: 'keyword', name: 'boolean' };
export const NEVER: TypeNode = { kind: 'keyword', name: 'never' };
export const UNKNOWN: TypeNode = { kind: 'keyword', name: 'unknown' };
export const NULL: TypeNode = { kind: 'keyword', name: 'null' };
export const UNDEFINED: TypeNode = { kind: 'keyword', name: 'undefined' };

/** What a `transform` hook answers for a schema: a type to use instead of the computed one, or nothing. */
export type TransformHook = (schema: Record<string, unknown>) => TypeNode | undefined;

export type TypesOptions = {
  /** Called for every schema with a `type` and every property and component, as openapi-typescript's `transform`. */
  transform?: TransformHook;
};

type Node = Record<string, unknown>;

type Ctx = {
  document: Node;
  transform: TransformHook | undefined;
  /** The `operations` interface's members, in the order the paths meet them. */
  operations: Member[] | undefined;
  /** Helper types the output needs (`WithRequired`). */
  footer: string[];
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z_$0-9]*$/;
const collator = new Intl.Collator('en-us', { numeric: true });

/** openapi-typescript's `alphabetize`: entries sorted by their key, numbers in numeric order. */
function entries(value: unknown): Array<[string, unknown]> {
  if (!isRecord(value)) return [];
  return Object.entries(value).sort(([a], [b]) => collator.compare(a, b));
}

// ---------------------------------------------------------------------------------------------------------------
// Type helpers (openapi-typescript's lib/ts)

export function literal(value: unknown): TypeNode {
  if (typeof value === 'string') return { kind: 'literal', text: JSON.stringify(value) };
  if (typeof value === 'number') return { kind: 'literal', text: numberText(value) };
  if (typeof value === 'boolean') return { kind: 'literal', text: String(value) };
  if (value === null) return NULL;
  if (Array.isArray(value)) return value.length === 0 ? { kind: 'array', element: NEVER } : { kind: 'tuple', elements: value.map(literal) };
  if (isRecord(value)) {
    const members: Member[] = Object.entries(value).map(([k, v]) => ({ kind: 'property', name: k, optional: false, readonly: false, type: literal(v) }));
    return members.length > 0 ? { kind: 'object', members } : record(STRING, NEVER);
  }
  return UNKNOWN;
}

/**
 * A string literal as TypeScript's printer writes one it did not parse (`factory.createStringLiteral`): double
 * quotes, and every character outside printable ASCII escaped.
 */
export function stringLiteral(value: string): TypeNode {
  const escaped = value.replace(/[\\"\u0000-\u001f\u0080-\uffff]/g, (c) => {
    const named: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\t': '\\t', '\v': '\\v', '\f': '\\f', '\b': '\\b', '\r': '\\r', '\n': '\\n' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  });
  return { kind: 'literal', text: `"${escaped}"` };
}

/** A number literal as TypeScript's printer writes it (a negative number as `-` and its absolute value). */
export function numberLiteral(value: number): TypeNode {
  return { kind: 'literal', text: numberText(value) };
}

function numberText(value: number): string {
  return value < 0 ? `-${String(Math.abs(value))}` : String(value);
}

export function record(key: TypeNode, value: TypeNode): TypeNode {
  return { kind: 'text', text: `Record<${printType(key, '')}, ${printType(value, '')}>` };
}

function isPrimitive(type: TypeNode | undefined): boolean {
  if (type === undefined) return true;
  return type.kind === 'keyword' && type.name !== 'unknown';
}

/** openapi-typescript's tsDedupe: a primitive keyword (or `null`) appears once; everything else is kept. */
function dedupe(types: readonly TypeNode[]): TypeNode[] {
  const seen = new Set<string>();
  const out: TypeNode[] = [];
  for (const t of types) {
    if (t.kind === 'keyword') {
      if (seen.has(t.name)) continue;
      if (isPrimitive(t)) seen.add(t.name);
    }
    out.push(t);
  }
  return out;
}

export function union(types: readonly TypeNode[]): TypeNode {
  if (types.length === 0) return NEVER;
  if (types.length === 1) return types[0] ?? NEVER;
  return { kind: 'union', types: dedupe(types) };
}

export function intersection(types: readonly TypeNode[]): TypeNode {
  if (types.length === 0) return NEVER;
  if (types.length === 1) return types[0] ?? NEVER;
  return { kind: 'intersection', types: dedupe(types) };
}

/** `components["schemas"]["Pet"]` from `#/components/schemas/Pet`. */
export function ref(pointer: string, at: string): TypeNode {
  if (!pointer.startsWith('#/')) throw new SpecError('openapi.json', at, `a $ref outside the document ("${pointer}") is not supported`);
  const segments = pointer
    .slice(2)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
  const [first = '', ...rest] = segments;
  const kept = [...rest.slice(0, 2), ...rest.slice(2).filter((s) => s !== 'properties')];
  return { kind: 'text', text: `${first}${kept.map((s) => `[${JSON.stringify(s)}]`).join('')}` };
}

/** The name of a property as TypeScript writes it: a number, an identifier or a quoted string. */
function propertyName(name: string): string {
  if (String(Number(name)) === name && !name.startsWith('-')) return name;
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** openapi-typescript's addJSDocComment: title, summary, format, deprecated, description, default, example, enum. */
export function jsDoc(node: unknown): string | undefined {
  if (!isRecord(node)) return undefined;
  const lines: string[] = [];
  const text = (value: unknown) => String(value).trim().replace(/\r?\n/g, '\n *     ');
  if (typeof node.title === 'string' && node.title !== '') lines.push(text(node.title));
  if (typeof node.summary === 'string' && node.summary !== '') lines.push(text(node.summary));
  if (node.format !== undefined && node.format !== '' && node.format !== null && node.format !== false && node.format !== 0) lines.push(`Format: ${String(node.format)}`);
  if (node.deprecated !== undefined && node.deprecated !== false && node.deprecated !== null && node.deprecated !== '' && node.deprecated !== 0) lines.push('@deprecated');
  for (const field of ['description', 'default', 'example'] as const) {
    const value = node[field];
    if (value === undefined) continue;
    if (value === '' && field === 'description') continue;
    const serialized = typeof value === 'object' ? JSON.stringify(value, null, 2) : value;
    lines.push(`@${field} ${text(serialized)}`);
  }
  if (Array.isArray(node.examples)) {
    for (const example of node.examples) lines.push(`@example ${text(typeof example === 'object' ? JSON.stringify(example, null, 2) : example)}`);
  }
  if ('const' in node) lines.push('@constant');
  if (node.enum !== undefined && node.enum !== null && node.enum !== false && node.enum !== '' && node.enum !== 0) {
    const type = Array.isArray(node.type) ? node.type.join('|') : typeof node.type === 'string' ? node.type : 'unknown';
    lines.push(`@enum {${type}${node.nullable !== undefined && node.nullable !== false && node.nullable !== null && node.nullable !== 0 && node.nullable !== '' ? '|null' : ''}}`);
  }
  if (lines.length === 0) return undefined;
  const multiLine = lines.length > 1 || lines.some((l) => l.includes('\n'));
  const body = multiLine ? `*\n * ${lines.join('\n * ')}\n ` : `* ${lines.join('\n')} `;
  return `/*${body.replace(/\*\//g, '*\\/')}*/`;
}

function property(name: string, type: TypeNode, options: { optional?: boolean; readonly?: boolean; doc?: unknown } = {}): Member {
  const doc = options.doc === undefined ? undefined : jsDoc(options.doc);
  return { kind: 'property', name, optional: options.optional === true, readonly: options.readonly === true, type, ...(doc === undefined ? {} : { doc }) };
}

// ---------------------------------------------------------------------------------------------------------------
// Printing, as TypeScript's printer writes these nodes (the formatter lays the text out afterwards)

function needsParens(type: TypeNode): boolean {
  return type.kind === 'union' || type.kind === 'intersection';
}

export function printType(type: TypeNode, indent: string): string {
  switch (type.kind) {
    case 'keyword':
      return type.name;
    case 'literal':
    case 'text':
      return type.text;
    case 'union':
    case 'intersection': {
      const sep = type.kind === 'union' ? ' | ' : ' & ';
      return type.types.map((t) => (needsParens(t) ? `(${printType(t, indent)})` : printType(t, indent))).join(sep);
    }
    case 'array':
      return needsParens(type.element) ? `(${printType(type.element, indent)})[]` : `${printType(type.element, indent)}[]`;
    case 'tuple':
      return `[${type.elements.map((t) => printType(t, indent)).join(', ')}]`;
    case 'object':
      return printMembers(type.members, indent);
  }
}

function printMembers(members: readonly Member[], indent: string): string {
  if (members.length === 0) return '{}';
  const inner = `${indent}    `;
  const lines = members.map((m) => {
    const doc = m.doc === undefined ? '' : `${inner}${m.doc}\n`;
    if (m.kind === 'index') return `${doc}${inner}[${m.key}: string]: ${printType(m.type, inner)};`;
    return `${doc}${inner}${m.readonly ? 'readonly ' : ''}${propertyName(m.name)}${m.optional ? '?' : ''}: ${printType(m.type, inner)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Schema objects (transform/schema-object)

function schemaType(schema: unknown, ctx: Ctx, at: string, fromAdditionalProperties = false): TypeNode {
  if (schema === undefined || schema === null || schema === false) return NEVER;
  if (schema === true) return UNKNOWN;
  if (!isRecord(schema)) throw new SpecError('openapi.json', at, `expected a schema object, got ${Array.isArray(schema) ? 'an array' : typeof schema}`);
  void fromAdditionalProperties;
  if ('$ref' in schema) return ref(String(schema.$ref), at);
  if (schema.discriminator !== undefined) throw new SpecError('openapi.json', at, '`discriminator` is not supported by the types generator');
  if (schema.const !== null && schema.const !== undefined) return literal(schema.const);
  if (Array.isArray(schema.enum) && (!('type' in schema) || schema.type !== 'object') && !('properties' in schema) && !('additionalProperties' in schema)) {
    const types = schema.enum.map(literal);
    if ((Array.isArray(schema.type) && schema.type.includes('null')) || isTruthy(schema.nullable)) types.push(NULL);
    return union(types);
  }
  let result: TypeNode | undefined;
  const core = coreType(schema, ctx, at);
  const allOf = allOfTypes(Array.isArray(schema.allOf) ? schema.allOf : [], schema.required, ctx, at);
  if (core !== undefined || allOf.length > 0) {
    const all = allOf.length > 0 ? intersection(allOf) : undefined;
    result = intersection([...(core !== undefined ? [core] : []), ...(all !== undefined ? [all] : [])]);
  }
  const anyOf = (Array.isArray(schema.anyOf) ? schema.anyOf : []).map((item, i) => schemaType(item, ctx, `${at}/anyOf/${i}`));
  if (anyOf.length > 0) result = union([...(result !== undefined ? [result] : []), ...anyOf]);
  const oneOfList = Array.isArray(schema.oneOf) ? schema.oneOf : 'type' in schema && schema.type === 'object' && Array.isArray(schema.enum) ? schema.enum : [];
  const oneOf = oneOfList.map((item, i) => schemaType(item, ctx, `${at}/oneOf/${i}`));
  if (oneOf.length > 0) {
    result = oneOf.every(isPrimitive)
      ? union([...(result !== undefined ? [result] : []), ...oneOf])
      : intersection([...(result !== undefined ? [result] : []), union(oneOf)]);
  }
  if (result === undefined) result = 'type' in schema ? record(STRING, NEVER) : UNKNOWN;
  if (result !== UNKNOWN && isTruthy(schema.nullable)) result = { kind: 'union', types: [result, NULL] };
  return result;
}

function isTruthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
}

function allOfTypes(items: readonly unknown[], required: unknown, ctx: Ctx, at: string): TypeNode[] {
  return items.map((item, i) => {
    if (isRecord(item) && '$ref' in item) {
      let type = schemaType(item, ctx, `${at}/allOf/${i}`);
      const resolved = resolvePointer(ctx.document, String(item.$ref));
      if (isRecord(resolved) && 'properties' in resolved) {
        const props = isRecord(resolved.properties) ? resolved.properties : {};
        const valid = (Array.isArray(required) ? required : []).filter((key): key is string => typeof key === 'string' && isTruthy(props[key]));
        if (valid.length > 0) {
          if (!ctx.footer.some((f) => f.startsWith('type WithRequired'))) ctx.footer.push('type WithRequired<T, K extends keyof T> = T & {\n    [P in K]-?: T[P];\n};');
          type = { kind: 'text', text: `WithRequired<${printType(type, '')}, ${printType(union(valid.map(literal)), '')}>` };
        }
      }
      return type;
    }
    const own = isRecord(item) && Array.isArray(item.required) ? item.required : [];
    const itemRequired = [...(Array.isArray(required) ? required : []), ...own];
    return schemaType(isRecord(item) ? { ...item, required: itemRequired } : item, ctx, `${at}/allOf/${i}`);
  });
}

function resolvePointer(document: Node, pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of pointer.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    const next: unknown = (node as Record<string, unknown>)[key];
    if (next === undefined || next === null || next === false || next === 0 || next === '') return undefined;
    node = next;
  }
  return node;
}

function applyTransform(schema: unknown, ctx: Ctx): TypeNode | undefined {
  if (ctx.transform === undefined || !isRecord(schema)) return undefined;
  return ctx.transform(schema);
}

function coreType(schema: Node, ctx: Ctx, at: string): TypeNode | undefined {
  if ('type' in schema && isTruthy(schema.type)) {
    const transformed = applyTransform(schema, ctx);
    if (transformed !== undefined) return transformed;
    if (schema.type === 'null') return NULL;
    if (schema.type === 'string') return STRING;
    if (schema.type === 'number' || schema.type === 'integer') return NUMBER;
    if (schema.type === 'boolean') return BOOLEAN;
    if (schema.type === 'array') {
      let item: TypeNode = UNKNOWN;
      const prefix = schema.prefixItems ?? (Array.isArray(schema.items) ? schema.items : undefined);
      if (Array.isArray(prefix)) item = { kind: 'tuple', elements: prefix.map((p, i) => schemaType(p, ctx, `${at}/prefixItems/${i}`)) };
      else if (isTruthy(schema.items)) {
        const items = schema.items;
        item = isRecord(items) && items.type === 'array' ? { kind: 'array', element: schemaType(items, ctx, `${at}/items`) } : schemaType(items, ctx, `${at}/items`);
      }
      return item.kind === 'tuple' || item.kind === 'array' ? item : { kind: 'array', element: item };
    }
    if (Array.isArray(schema.type)) {
      const types: TypeNode[] = [];
      const oneOf = Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
      for (const t of schema.type) {
        if (oneOf !== undefined && ['boolean', 'string', 'number', 'integer', 'null'].includes(String(t)) && oneOf.some((o) => isRecord(o) && 'type' in o && o.type === t)) continue;
        if (t === 'null' || t === null) types.push(NULL);
        else types.push(schemaType({ ...schema, type: t, ...(oneOf !== undefined ? { oneOf: undefined } : {}) }, ctx, at));
      }
      return union(types);
    }
  }
  const members: Member[] = [];
  const hasProperties = isRecord(schema.properties) && Object.keys(schema.properties).length > 0;
  if (hasProperties || isTruthy(schema.additionalProperties) || isTruthy(schema.patternProperties) || isTruthy(schema.$defs)) {
    const required = Array.isArray(schema.required) ? schema.required : undefined;
    for (const [name, value] of entries(schema.properties)) {
      const where = `${at}/properties/${escapePointer(name)}`;
      if ((typeof value !== 'object' && typeof value !== 'boolean') || Array.isArray(value)) {
        throw new SpecError('openapi.json', where, `expected a schema object or a boolean, got ${Array.isArray(value) ? 'an array' : typeof value}`);
      }
      const v = isRecord(value) ? value : undefined;
      const optional = !(required?.includes(name) ?? false);
      let type = v !== undefined && '$ref' in v && isTruthy(v.$ref) ? ref(String(v.$ref), where) : schemaType(value, ctx, where);
      const transformed = applyTransform(value, ctx);
      if (transformed !== undefined) type = transformed;
      members.push(property(name, type, { optional, readonly: v !== undefined && isTruthy(v.readOnly), doc: value }));
    }
    if (isRecord(schema.$defs) && Object.keys(schema.$defs).length > 0) {
      const defs = Object.entries(schema.$defs).map(([k, v]) =>
        property(k, schemaType(v, ctx, `${at}/$defs/${escapePointer(k)}`), { readonly: isRecord(v) && isTruthy(v.readOnly), doc: v }),
      );
      members.push(property('$defs', { kind: 'object', members: defs }));
    }
    const extra = schema.additionalProperties;
    const explicit = isRecord(extra) && Object.keys(extra).length > 0;
    const implicit = extra === true || (isRecord(extra) && Object.keys(extra).length === 0);
    const index: TypeNode[] = [];
    if (explicit) index.push(schemaType(extra, ctx, `${at}/additionalProperties`, true));
    if (implicit) index.push(UNKNOWN);
    if (isRecord(schema.patternProperties) && Object.keys(schema.patternProperties).length > 0) {
      for (const [pattern, v] of entries(schema.patternProperties)) index.push(schemaType(v, ctx, `${at}/patternProperties/${escapePointer(pattern)}`));
    }
    if (index.length === 0) return members.length > 0 ? { kind: 'object', members } : undefined;
    return intersection([
      ...(members.length > 0 ? [{ kind: 'object', members } as TypeNode] : []),
      { kind: 'object', members: [{ kind: 'index', key: 'key', type: union(index) }] },
    ]);
  }
  return members.length > 0 ? { kind: 'object', members } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Paths, operations, parameters, bodies, responses, components

function resolved(value: unknown, ctx: Ctx): Node | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.$ref !== 'string') return value;
  const target = resolvePointer(ctx.document, value.$ref);
  return isRecord(target) ? target : undefined;
}

function parametersMember(parameters: readonly unknown[], ctx: Ctx, at: string): Member {
  const byLocation: Member[] = [];
  const list = parameters.map((original) => ({ original, resolved: resolved(original, ctx) }));
  list.sort((a, b) => String(a.resolved?.name ?? '').localeCompare(String(b.resolved?.name ?? '')));
  for (const where of ['query', 'header', 'path', 'cookie'] as const) {
    const members: Member[] = [];
    for (const { original, resolved: param } of list) {
      if (param?.in !== where) continue;
      const optional = where !== 'path' && !isTruthy(param.required);
      const name = String(param.name);
      const type =
        isRecord(original) && '$ref' in original
          ? parameterRef(String(original.$ref), param, at)
          : param.schema !== undefined && isTruthy(param.schema)
            ? schemaType(param.schema, ctx, `${at}/parameters/${where}/${escapePointer(name)}`)
            : STRING;
      members.push(property(name, type, { optional, doc: param }));
    }
    const allOptional = members.every((m) => m.kind === 'property' && m.optional);
    byLocation.push(property(where, members.length > 0 ? { kind: 'object', members } : NEVER, { optional: allOptional || members.length === 0 }));
  }
  return property('parameters', { kind: 'object', members: byLocation });
}

/** A `$ref` to a parameter: openapi-typescript points at the parameter's place in `parameters`, by location and name. */
function parameterRef(pointer: string, param: Node, at: string): TypeNode {
  const base = ref(pointer, at);
  if (base.kind !== 'text') return base;
  const segments = pointer.slice(2).split('/');
  if (segments.length <= 3) return base;
  const head = ref(`#/${segments.slice(0, -1).join('/')}`, at);
  return { kind: 'text', text: `${head.kind === 'text' ? head.text : ''}[${JSON.stringify(String(param.in))}][${JSON.stringify(String(param.name))}]` };
}

function mediaType(media: unknown, ctx: Ctx, at: string): TypeNode {
  if (!isRecord(media) || !isTruthy(media.schema)) return UNKNOWN;
  return schemaType(media.schema, ctx, `${at}/schema`);
}

function requestBodyType(body: Node, ctx: Ctx, at: string): TypeNode {
  const members = entries(body.content).map(([contentType, media]) => {
    const where = `${at}/content/${escapePointer(contentType)}`;
    const type = isRecord(media) && '$ref' in media ? schemaType(media, ctx, where) : mediaType(media, ctx, where);
    return property(contentType, type, { doc: media });
  });
  const content: TypeNode = { kind: 'object', members: members.length > 0 ? members : [property('*/*', NEVER, { optional: true })] };
  return { kind: 'object', members: [property('content', content)] };
}

function headerType(header: Node, ctx: Ctx, at: string): TypeNode {
  if (isTruthy(header.schema)) return schemaType(header.schema, ctx, `${at}/schema`);
  if (isTruthy(header.content)) {
    const members = entries(header.content).map(([contentType, media]) => {
      const where = `${at}/${escapePointer(contentType)}`;
      return property(contentType, isRecord(media) && '$ref' in media ? schemaType(media, ctx, where) : mediaType(media, ctx, where), { doc: media });
    });
    return { kind: 'object', members };
  }
  return UNKNOWN;
}

function responseType(response: Node, ctx: Ctx, at: string): TypeNode {
  const headers: Member[] = entries(response.headers).map(([name, header]) => {
    const isRef = isRecord(header) && '$ref' in header;
    const optional = !(isRef || (isRecord(header) && isTruthy(header.required)));
    const type = isRef ? ref(String(header.$ref), at) : headerType(isRecord(header) ? header : {}, ctx, `${at}/headers/${escapePointer(name)}`);
    return property(name, type, { optional, doc: header });
  });
  headers.push({ kind: 'index', key: 'name', type: UNKNOWN });
  const members: Member[] = [property('headers', { kind: 'object', members: headers })];
  const content = entries(response.content).map(([contentType, media]) =>
    property(contentType, mediaType(media, ctx, `${at}/content/${escapePointer(contentType)}`), { doc: media }),
  );
  members.push(content.length > 0 ? property('content', { kind: 'object', members: content }) : property('content', NEVER, { optional: true }));
  return { kind: 'object', members };
}

function responsesType(responses: unknown, ctx: Ctx, at: string): TypeNode {
  const members = entries(responses).map(([code, response]) => {
    const type =
      isRecord(response) && '$ref' in response
        ? ref(String(response.$ref), at)
        : responseType(isRecord(response) ? response : {}, ctx, `${at}/responses/${escapePointer(code)}`);
    return property(code, type, { doc: response });
  });
  return members.length > 0 ? { kind: 'object', members } : NEVER;
}

function operationMembers(operation: Node, ctx: Ctx, at: string): Member[] {
  const members: Member[] = [parametersMember(Array.isArray(operation.parameters) ? operation.parameters : [], ctx, at)];
  const body = operation.requestBody;
  if (isRecord(body)) {
    const type = '$ref' in body ? ref(String(body.$ref), at) : requestBodyType(body, ctx, `${at}/requestBody`);
    const required = isTruthy(resolved(body, ctx)?.required);
    members.push(property('requestBody', type, { optional: !required, doc: body }));
  } else {
    members.push(property('requestBody', NEVER, { optional: true }));
  }
  members.push(property('responses', responsesType(operation.responses ?? {}, ctx, at)));
  return members;
}

function pathItemType(item: Node, ctx: Ctx, at: string): TypeNode {
  const shared = Array.isArray(item.parameters) ? item.parameters : [];
  const members: Member[] = [parametersMember(shared, ctx, `${at}/parameters`)];
  for (const method of METHODS) {
    const operation = item[method];
    if (!isTruthy(operation) || !isRecord(operation)) {
      members.push(property(method, NEVER, { optional: true }));
      continue;
    }
    const keyed = new Map<string, unknown>();
    if (!('$ref' in operation)) {
      for (const parameter of [...shared, ...(Array.isArray(operation.parameters) ? operation.parameters : [])]) {
        const p = resolved(parameter, ctx);
        keyed.set(`${String(p?.in)}-${String(p?.name)}`, parameter);
      }
    }
    let type: TypeNode;
    const where = `${at}/${method}`;
    if ('$ref' in operation) type = ref(String(operation.$ref), where);
    else if (isTruthy(operation.operationId)) {
      const id = String(operation.operationId).replace(/#/g, '/');
      type = ref(`#/operations/${escapePointer(id)}`, where);
      ctx.operations ??= [];
      ctx.operations.push(property(id, { kind: 'object', members: operationMembers({ ...operation, parameters: [...keyed.values()] }, ctx, where) }));
    } else {
      type = { kind: 'object', members: operationMembers({ ...operation, parameters: [...keyed.values()] }, ctx, where) };
    }
    members.push(property(method, type, { doc: operation }));
  }
  return { kind: 'object', members };
}

function pathsType(paths: unknown, ctx: Ctx): TypeNode {
  const members: Member[] = [];
  for (const [url, item] of entries(paths)) {
    if (!isRecord(item)) continue;
    if ('$ref' in item) members.push(property(url, ref(String(item.$ref), `#/paths/${escapePointer(url)}`), { doc: item }));
    else members.push(property(url, pathItemType(item, ctx, `#/paths/${escapePointer(url)}`)));
  }
  return { kind: 'object', members };
}

function componentsType(components: Node, ctx: Ctx): TypeNode {
  const kinds: Array<[string, (item: Node, at: string) => TypeNode]> = [
    ['schemas', (item, at) => schemaType(item, ctx, at)],
    ['responses', (item, at) => responseType(item, ctx, at)],
    ['parameters', (item, at) => (isTruthy(item.schema) ? schemaType(item.schema, ctx, at) : STRING)],
    ['requestBodies', (item, at) => requestBodyType(item, ctx, at)],
    ['headers', (item, at) => headerType(item, ctx, at)],
    ['pathItems', (item, at) => pathItemType(item, ctx, at)],
  ];
  const members = kinds.map(([key, transform]) => {
    const items = entries(components[key]).map(([name, item]) => {
      const at = `#/components/${key}/${escapePointer(name)}`;
      const computed = transform(isRecord(item) ? item : {}, at);
      const type = applyTransform(item, ctx) ?? computed;
      return property(name, type, { doc: item });
    });
    return property(key, items.length > 0 ? { kind: 'object', members: items } : NEVER);
  });
  return { kind: 'object', members };
}

/**
 * The declarations openapi-typescript writes for a document: `paths`, `webhooks`, `components`, `$defs` and
 * `operations`, in that order, as TypeScript text (one declaration per line, not yet formatted).
 *
 * @example openApiTypes({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} })
 * // 'export type paths = Record<string, never>;\nexport type webhooks = ...'
 */
export function openApiTypes(document: Record<string, unknown>, options: TypesOptions = {}): string {
  const ctx: Ctx = { document, transform: options.transform, operations: undefined, footer: [] };
  const statements: string[] = [];
  const empty = (name: string) => `export type ${name} = Record<string, never>;`;
  const alias = (name: string, type: TypeNode) =>
    type.kind === 'object' && type.members.length > 0 ? `export type ${name} = ${printType(type, '')};` : empty(name);
  statements.push(isRecord(document.paths) ? alias('paths', pathsType(document.paths, ctx)) : empty('paths'));
  statements.push(isRecord(document.webhooks) ? alias('webhooks', webhooksType(document.webhooks, ctx)) : empty('webhooks'));
  statements.push(isRecord(document.components) ? alias('components', componentsType(document.components, ctx)) : empty('components'));
  statements.push(isRecord(document.$defs) ? alias('$defs', schemaType(document.$defs, ctx, '#/$defs')) : empty('$defs'));
  statements.push(...ctx.footer);
  statements.push(ctx.operations === undefined ? empty('operations') : `export interface operations ${printMembers(ctx.operations, '')}`);
  return `${statements.join('\n')}\n`;
}

function webhooksType(webhooks: Node, ctx: Ctx): TypeNode {
  const members = entries(webhooks).map(([name, item]) =>
    property(name, pathItemType(isRecord(item) ? item : {}, ctx, `#/webhooks/${escapePointer(name)}`)),
  );
  return { kind: 'object', members };
}
