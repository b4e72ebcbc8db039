import { escapePointer } from './errors.js';
import { isRecord } from './json.js';
import type { SpecProblem } from './validate.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const LOCATIONS = new Set(['query', 'header', 'path', 'cookie']);
const COMPONENT_NAME = /^[a-zA-Z0-9.\-_]+$/;

type Node = Record<string, unknown>;

/**
 * The checks `pnpm generate` runs on a document before modelling it, in one walk of plain objects: what the
 * generators rely on, with the rule names of Redocly's checks they mirror (`struct` for the objects generators read,
 * `no-unresolved-refs`, `path-parameters-defined`, `operation-operationId-unique`, `no-identical-paths`,
 * `operation-parameters-unique`, `no-enum-type-mismatch`, `spec-components-invalid-map-name`). Redocly's full lint
 * (`validateOpenApi`) costs more than half a second on a 2 MB document, so it runs where a snapshot enters the
 * repository (`spec:pull`, the reconstruction) and in spec's tests, not on every generate.
 *
 * @example checkOpenApi({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/a/{id}': { get: { responses: {} } } } })
 * // [{ pointer: '#/paths/~1a~1{id}/get', message: 'path parameter "id" is not defined' }]
 */
export function checkOpenApi(document: unknown): SpecProblem[] {
  if (!isRecord(document)) return [{ pointer: '#', message: 'the document is not a JSON object' }];
  const openapi = document.openapi;
  if (typeof openapi !== 'string' || !/^3\.[01]\.\d+$/.test(openapi)) {
    return [{ pointer: '#/openapi', message: `expected an OpenAPI 3.0 or 3.1 version, got ${JSON.stringify(openapi)}` }];
  }
  const problems: SpecProblem[] = [];
  const problem = (pointer: string, message: string) => problems.push({ pointer, message });
  const info = document.info;
  if (!isRecord(info)) problem('#/info', 'the required `info` object is missing');
  else {
    if (typeof info.title !== 'string') problem('#/info', 'the required `title` (a string) is missing');
    if (typeof info.version !== 'string') problem('#/info', 'the required `version` (a string) is missing');
  }
  checkRefs(document, document, '#', problem);
  checkComponents(document, problem);
  if (document.paths !== undefined) checkPaths(document, problem);
  return problems;
}

function resolve(document: Node, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  if (ref === '#') return document;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else if (isRecord(node) && Object.hasOwn(node, key)) node = node[key];
    else return undefined;
  }
  return node;
}

/** `no-unresolved-refs`: every `$ref` points into this document at something that exists. */
function checkRefs(document: Node, node: unknown, at: string, problem: (pointer: string, message: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => checkRefs(document, item, `${at}/${i}`, problem));
    return;
  }
  if (!isRecord(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const here = `${at}/${escapePointer(key)}`;
    if (key === '$ref' && typeof value === 'string') {
      if (resolve(document, value) === undefined) problem(at, `Can't resolve $ref: "${value}"`);
      continue;
    }
    // Examples are data: a `$ref` key in one is an example value, not a reference.
    if (key === 'example' || key === 'examples' || key === 'default' || key === 'const' || key === 'enum') continue;
    checkRefs(document, value, here, problem);
  }
}

function checkComponents(document: Node, problem: (pointer: string, message: string) => void): void {
  const components = document.components;
  if (components === undefined) return;
  if (!isRecord(components)) return problem('#/components', 'expected an object');
  for (const [kind, map] of Object.entries(components)) {
    if (kind.startsWith('x-')) continue;
    if (!isRecord(map)) {
      problem(`#/components/${escapePointer(kind)}`, 'expected an object');
      continue;
    }
    for (const [name, value] of Object.entries(map)) {
      const at = `#/components/${escapePointer(kind)}/${escapePointer(name)}`;
      if (!COMPONENT_NAME.test(name)) problem(at, `the component name "${name}" may only use letters, digits, ".", "-" and "_"`);
      if (kind === 'schemas') checkSchema(value, at, problem);
    }
  }
}

/** `no-enum-type-mismatch` and the shape of a schema (an object or a boolean), through every subschema. */
function checkSchema(schema: unknown, at: string, problem: (pointer: string, message: string) => void): void {
  if (typeof schema === 'boolean') return;
  if (!isRecord(schema)) return problem(at, 'a schema must be an object or a boolean');
  if (typeof schema.$ref === 'string') return;
  if (Array.isArray(schema.enum) && schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    schema.enum.forEach((value, i) => {
      if (!types.some((t) => matchesType(value, t)) && !(value === null && schema.nullable === true)) {
        problem(`${at}/enum/${i}`, `All values of \`enum\` field must be of the same type as the \`type\` field: expected "${types.join('" or "')}" but received "${typeName(value)}"`);
      }
    });
  }
  if (schema.required !== undefined && !(Array.isArray(schema.required) && schema.required.every((r) => typeof r === 'string'))) {
    problem(`${at}/required`, '`required` must be a list of property names');
  }
  if (schema.properties !== undefined) {
    if (!isRecord(schema.properties)) problem(`${at}/properties`, 'expected an object');
    else for (const [name, sub] of Object.entries(schema.properties)) checkSchema(sub, `${at}/properties/${escapePointer(name)}`, problem);
  }
  for (const key of ['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else'] as const) {
    if (schema[key] !== undefined) checkSchema(schema[key], `${at}/${key}`, problem);
  }
  for (const key of ['oneOf', 'anyOf', 'allOf', 'prefixItems'] as const) {
    const list = schema[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) problem(`${at}/${key}`, 'expected a list of schemas');
    else list.forEach((sub, i) => checkSchema(sub, `${at}/${key}/${i}`, problem));
  }
}

function matchesType(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isRecord(value);
    default:
      return true;
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function checkPaths(document: Node, problem: (pointer: string, message: string) => void): void {
  const paths = document.paths;
  if (!isRecord(paths)) return problem('#/paths', 'expected an object');
  const operationIds = new Map<string, string>();
  const templates = new Map<string, string>();
  const parameter = (value: unknown): Node | undefined => {
    const p = isRecord(value) && typeof value.$ref === 'string' ? resolve(document, value.$ref) : value;
    return isRecord(p) ? p : undefined;
  };
  for (const [path, item] of Object.entries(paths)) {
    if (path.startsWith('x-')) continue;
    const at = `#/paths/${escapePointer(path)}`;
    if (!path.startsWith('/')) problem(at, `a path must start with "/": "${path}"`);
    if (!isRecord(item)) {
      problem(at, 'expected a path item object');
      continue;
    }
    const template = path.replace(/\{[^}]*\}/g, '{}');
    const twin = templates.get(template);
    if (twin !== undefined) problem(at, `the path "${path}" is the same as "${twin}" but for parameter names`);
    templates.set(template, path);
    const declared = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
    const shared = checkParameters(item.parameters, `${at}/parameters`, parameter, problem);
    // In document order, so a repeated operationId is reported where it is repeated.
    for (const method of Object.keys(item).filter((k): k is (typeof METHODS)[number] => (METHODS as readonly string[]).includes(k))) {
      const operation = item[method];
      const opAt = `${at}/${method}`;
      if (!isRecord(operation)) {
        problem(opAt, 'expected an operation object');
        continue;
      }
      if (operation.operationId !== undefined) {
        const id = operation.operationId;
        if (typeof id !== 'string') problem(`${opAt}/operationId`, 'expected a string');
        else {
          const first = operationIds.get(id);
          if (first !== undefined) problem(`${opAt}/operationId`, `Every operation must have a unique \`operationId\`: "${id}" is also ${first}`);
          else operationIds.set(id, `${method.toUpperCase()} ${path}`);
        }
      }
      const own = checkParameters(operation.parameters, `${opAt}/parameters`, parameter, problem);
      const inPath = new Set([...shared, ...own].filter((p) => p.in === 'path').map((p) => p.name));
      for (const name of declared) if (!inPath.has(name)) problem(opAt, `The operation does not define the path parameter \`{${name}}\` expected by path \`${path}\``);
      for (const name of inPath) if (!declared.includes(name)) problem(opAt, `Path parameter \`${name}\` is not used in the path \`${path}\``);
      if (operation.requestBody !== undefined) checkContent(parameter(operation.requestBody)?.content, `${opAt}/requestBody/content`, problem);
      const responses = operation.responses;
      if (responses !== undefined && !isRecord(responses)) problem(`${opAt}/responses`, 'expected an object');
      for (const [status, response] of Object.entries(isRecord(responses) ? responses : {})) {
        const r = parameter(response);
        if (r === undefined) problem(`${opAt}/responses/${escapePointer(status)}`, 'expected a response object');
        else if (r.content !== undefined) checkContent(r.content, `${opAt}/responses/${escapePointer(status)}/content`, problem);
      }
    }
  }
}

type Param = { in: string; name: string };

/** `struct` for parameters and `operation-parameters-unique`. */
function checkParameters(
  list: unknown,
  at: string,
  parameter: (value: unknown) => Node | undefined,
  problem: (pointer: string, message: string) => void,
): Param[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    problem(at, 'expected a list of parameters');
    return [];
  }
  const seen = new Set<string>();
  const out: Param[] = [];
  list.forEach((value, i) => {
    const p = parameter(value);
    const here = `${at}/${i}`;
    if (p === undefined) return problem(here, 'expected a parameter object');
    if (typeof p.name !== 'string') return problem(here, 'the required `name` (a string) is missing');
    if (typeof p.in !== 'string' || !LOCATIONS.has(p.in)) return problem(here, '`in` must be one of query, header, path, cookie');
    if (p.in === 'path' && p.required !== true) problem(here, `the path parameter "${p.name}" must have \`required: true\``);
    const key = `${p.in}:${p.name}`;
    if (seen.has(key)) problem(here, `Paths must have unique \`name\` + \`in\` parameters: "${p.name}" in ${p.in} is repeated`);
    seen.add(key);
    if (p.schema !== undefined) checkSchema(p.schema, `${here}/schema`, problem);
    out.push({ in: p.in, name: p.name });
  });
  return out;
}

function checkContent(content: unknown, at: string, problem: (pointer: string, message: string) => void): void {
  if (content === undefined) return;
  if (!isRecord(content)) return problem(at, 'expected an object of media types');
  for (const [type, media] of Object.entries(content)) {
    const here = `${at}/${escapePointer(type)}`;
    if (!isRecord(media)) problem(here, 'expected a media type object');
    else if (media.schema !== undefined) checkSchema(media.schema, `${here}/schema`, problem);
  }
}
