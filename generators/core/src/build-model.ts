import type { ApiConfig } from './config.js';
import type { Catalogue } from './catalogue.js';
import { SpecError, pointer } from './errors.js';
import { compareStrings, isRecord } from './json.js';
import {
  HTTP_METHODS,
  type ApiModel,
  type HttpMethod,
  type Namespace,
  type Operation,
  type Parameter,
  type RequestBodyModel,
  type Resource,
  type ResponseModel,
} from './model.js';
import { camelCase, namespaceName, pascalCase, restMethodName } from './naming.js';
import { Provenance } from './provenance.js';
import { refName, type Schema } from './schema.js';

export type ModelInput = {
  config: ApiConfig;
  document: Record<string, unknown>;
  catalogues: Record<string, Catalogue>;
  sha256: string;
  /** sha256 per spec file; defaults to none (then every header names `sha256`). */
  sources?: Record<string, string>;
  /** File name used in error messages. */
  file?: string;
};

/** Turns a validated OpenAPI document plus config and catalogues into the model every generator reads. */
export function buildModel(input: ModelInput): ApiModel {
  const file = input.file ?? 'openapi.json';
  const { config, document } = input;
  const schemas = readSchemas(document);
  const allOperations = readOperations(document, file, schemas);
  // An operation with its own `servers` lives outside the API's base URL (a token endpoint): kept apart.
  const rawOperations = allOperations.filter((op) => !hasOwnServers(document, op));
  const foreign = allOperations.filter((op) => hasOwnServers(document, op));
  markMergePatches(rawOperations, config);
  const namespaces = groupNamespaces(rawOperations, config, file);
  const operations = namespaces.flatMap((ns) => ns.operations);
  const resources = Object.entries(config.resources).map(([name, meta]): Resource => {
    const ns = namespaces.find((n) => n.tag === name);
    if (!ns) throw new SpecError(file, '#/tags', `resource "${name}" from api.config.json has no operations tagged "${name}"`);
    const byMethod = (m: string) => ns.operations.find((o) => o.methodName === m);
    const get = byMethod('get');
    const resource: Resource = {
      name,
      pascal: pascalCase(name),
      camel: camelCase(name),
      meta,
      schemas: {
        create: byMethod('create')?.requestBody?.schemaName,
        update: byMethod('update')?.requestBody?.schemaName,
        patch: byMethod('patch')?.requestBody?.schemaName,
        migrate: byMethod('migrate')?.requestBody?.schemaName,
        response: get?.responses.find((r) => r.status === String(get.successStatus))?.schemaName,
      },
    };
    const catalogue = input.catalogues[name];
    if (catalogue) resource.catalogue = catalogue;
    return resource;
  });
  const info = isRecord(document.info) ? document.info : {};
  return {
    config,
    document,
    sha256: input.sha256,
    sources: input.sources ?? {},
    version: typeof info.version === 'string' ? info.version : '0.0.0',
    operations,
    foreignOperations: foreign.map((op) => ({ ...op, namespace: namespaceName(op.tag, config.namespaces), methodName: config.methodNames[op.operationId] ?? op.operationId })),
    namespaces,
    resources,
    schemas,
    catalogues: input.catalogues,
    provenance: new Provenance(document, file),
  };
}

/** `v4_*_update` -> a RegExp over whole operationIds. */
function operationPattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Marks the request bodies api.config.json names as merge patches; a pattern that names no operation is a typo. */
function markMergePatches(operations: readonly RawOperation[], config: ApiConfig): void {
  for (const pattern of config.mergePatchOperations ?? []) {
    const regex = operationPattern(pattern);
    const matched = operations.filter((op) => regex.test(op.operationId) && op.requestBody !== undefined);
    if (matched.length === 0) throw new SpecError('api.config.json', '#/mergePatch/operations', `the pattern "${pattern}" names no operation with a request body`);
    for (const op of matched) if (op.requestBody !== undefined) op.requestBody.mergePatch = true;
  }
}

function readSchemas(document: Record<string, unknown>): Record<string, Schema> {
  const components = isRecord(document.components) ? document.components : {};
  const raw = isRecord(components.schemas) ? components.schemas : {};
  const out: Record<string, Schema> = {};
  for (const name of Object.keys(raw).sort(compareStrings)) out[name] = raw[name] as Schema;
  return out;
}

type RawOperation = Omit<Operation, 'namespace' | 'methodName' | 'resource'>;

function readOperations(document: Record<string, unknown>, file: string, schemas: Record<string, Schema>): RawOperation[] {
  const paths = isRecord(document.paths) ? document.paths : {};
  const out: RawOperation[] = [];
  for (const path of Object.keys(paths).sort(compareStrings)) {
    const item = paths[path];
    if (!isRecord(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isRecord(op)) continue;
      const at = pointer('paths', path, method);
      const operationId = op.operationId;
      if (typeof operationId !== 'string') throw new SpecError(file, at, 'operation has no operationId');
      const tags = Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [];
      const [tag] = tags;
      if (tag === undefined) throw new SpecError(file, at, `operation "${operationId}" has no tag, so it belongs to no namespace`);
      const params = mergeParameters(shared, Array.isArray(op.parameters) ? op.parameters : [], document);
      const responses = readResponses(op.responses, document);
      const success = responses.map((r) => Number(r.status)).filter((s) => s >= 200 && s < 300).sort((a, b) => a - b)[0];
      if (success === undefined) throw new SpecError(file, `${at}/responses`, `operation "${operationId}" has no 2xx response`);
      const requestBody = readRequestBody(op.requestBody, document, schemas);
      const operation: RawOperation = {
        operationId,
        method,
        path,
        pointer: at,
        tag,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        responses,
        successStatus: success,
      };
      if (typeof op.summary === 'string') operation.summary = op.summary;
      if (typeof op.description === 'string') operation.description = op.description;
      if (requestBody) operation.requestBody = requestBody;
      out.push(operation);
    }
  }
  return out;
}

/** Follows a local `$ref` to a component (parameters, responses, request bodies). */
function deref(value: unknown, document: Record<string, unknown>): unknown {
  if (!isRecord(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/')) return value;
  let node: unknown = document;
  for (const seg of value.$ref.slice(2).split('/')) {
    node = isRecord(node) ? node[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return node;
}

function mergeParameters(shared: unknown[], own: unknown[], document: Record<string, unknown>): Parameter[] {
  const byKey = new Map<string, Parameter>();
  for (const raw of [...shared, ...own]) {
    const p = deref(raw, document);
    if (!isRecord(p) || typeof p.name !== 'string' || (p.in !== 'path' && p.in !== 'query')) continue;
    const param: Parameter = { name: p.name, in: p.in, required: p.required === true || p.in === 'path', schema: (p.schema as Schema) ?? true };
    if (typeof p.description === 'string') param.description = p.description;
    byKey.set(`${p.in}:${p.name}`, param);
  }
  return [...byKey.values()];
}

function readRequestBody(raw: unknown, document: Record<string, unknown>, schemas: Record<string, Schema>): RequestBodyModel | undefined {
  const body = deref(raw, document);
  if (!isRecord(body) || !isRecord(body.content)) return undefined;
  const contentType = Object.keys(body.content).sort((a, b) => (a === 'application/json' ? -1 : b === 'application/json' ? 1 : compareStrings(a, b)))[0];
  if (contentType === undefined) return undefined;
  const media = body.content[contentType];
  if (!isRecord(media)) return undefined;
  const schema = (media.schema as Schema) ?? true;
  const model: RequestBodyModel = { contentType, required: body.required === true, schema };
  const name = isRecord(schema) && typeof schema.$ref === 'string' ? refName(schema.$ref) : undefined;
  if (name !== undefined) model.schemaName = name;
  const named = name !== undefined ? schemas[name] : undefined;
  const example = media.example ?? (isRecord(named) ? named.example : undefined);
  if (example !== undefined) model.example = example;
  return model;
}

function readResponses(raw: unknown, document: Record<string, unknown>): ResponseModel[] {
  if (!isRecord(raw)) return [];
  return Object.keys(raw)
    .sort(compareStrings)
    .map((status) => {
      const response = deref(raw[status], document);
      const content = isRecord(response) && isRecord(response.content) ? response.content : {};
      const media = content['application/json'];
      const schema = isRecord(media) ? (media.schema as Schema | undefined) : undefined;
      const model: ResponseModel = { status };
      if (schema !== undefined) {
        model.schema = schema;
        const name = typeof schema === 'object' && typeof schema.$ref === 'string' ? refName(schema.$ref) : undefined;
        if (name !== undefined) model.schemaName = name;
      }
      return model;
    });
}

function hasOwnServers(document: Record<string, unknown>, op: RawOperation): boolean {
  const paths = isRecord(document.paths) ? document.paths : {};
  const item = paths[op.path];
  const raw = isRecord(item) ? item[op.method] : undefined;
  return isRecord(raw) && Array.isArray(raw.servers) && raw.servers.length > 0;
}

function segmentsCount(path: string): number {
  return path.split('/').filter(Boolean).length;
}

function groupNamespaces(operations: RawOperation[], config: ApiConfig, file: string): Namespace[] {
  const byTag = new Map<string, RawOperation[]>();
  for (const op of operations) byTag.set(op.tag, [...(byTag.get(op.tag) ?? []), op]);
  const namespaces: Namespace[] = [];
  const namespaceOwners = new Map<string, string>();
  for (const tag of [...byTag.keys()].sort(compareStrings)) {
    const ops = byTag.get(tag) ?? [];
    const name = namespaceName(tag, config.namespaces);
    const owner = namespaceOwners.get(name);
    if (owner !== undefined) {
      throw new SpecError(file, '#/tags', `tags "${owner}" and "${tag}" both become the namespace "${name}"; rename one in api.config.json namespaces`);
    }
    namespaceOwners.set(name, tag);
    const ruled = ops.filter((o) => config.methodNames[o.operationId] === undefined);
    const collectionPath =
      [...ruled].map((o) => o.path).sort((a, b) => segmentsCount(a) - segmentsCount(b) || compareStrings(a, b))[0] ?? '';
    const seen = new Map<string, string>();
    const named = ops.map((op): Operation => {
      const methodName = config.methodNames[op.operationId] ?? nameByRule(op, collectionPath);
      if (methodName === undefined) {
        throw new SpecError(file, op.pointer, `no method name for "${op.operationId}" (${op.method.toUpperCase()} ${op.path}): add it to methodNames in api.config.json`);
      }
      const clash = seen.get(methodName);
      if (clash !== undefined) {
        throw new SpecError(file, op.pointer, `"${op.operationId}" and "${clash}" would both be ${name}.${methodName}(); add one to methodNames in api.config.json`);
      }
      seen.set(methodName, op.operationId);
      const full: Operation = { ...op, namespace: name, methodName };
      if (config.resources[tag] !== undefined) full.resource = tag;
      return full;
    });
    named.sort((a, b) => compareStrings(a.methodName, b.methodName));
    const ns: Namespace = { name, tag, collectionPath, operations: named };
    if (config.resources[tag] !== undefined) ns.resource = tag;
    namespaces.push(ns);
  }
  return namespaces;
}

function nameByRule(op: RawOperation, collectionPath: string): string | undefined {
  if (op.path !== collectionPath && !op.path.startsWith(`${collectionPath}/`)) return undefined;
  return restMethodName(op.method satisfies HttpMethod, op.path.slice(collectionPath.length));
}
