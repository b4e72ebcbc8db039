import type { ApiConfig, ResourceMeta } from './config.js';
import type { Catalogue } from './catalogue.js';
import type { Provenance } from './provenance.js';
import type { Schema } from './schema.js';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

export type Parameter = {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
  description?: string;
};

export type RequestBodyModel = {
  contentType: string;
  required: boolean;
  /** Set when the body is a `$ref` to a component schema. */
  schemaName?: string;
  schema: Schema;
  example?: unknown;
  /**
   * The body is a merge patch of `schema` (api.config.json `mergePatch`): any part of it may be sent, nested objects
   * included, and `schema`'s rules apply to the stored resource with the body merged in.
   */
  mergePatch?: boolean;
};

export type ResponseModel = { status: string; schemaName?: string; schema?: Schema };

export type Operation = {
  operationId: string;
  method: HttpMethod;
  /** Path as written in the document, relative to the API's base URL. */
  path: string;
  /** JSON pointer of the operation in the document, for error messages. */
  pointer: string;
  tag: string;
  namespace: string;
  methodName: string;
  summary?: string;
  description?: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  requestBody?: RequestBodyModel;
  responses: ResponseModel[];
  /** The lowest 2xx status. */
  successStatus: number;
  /** The resource whose tag this operation has, if any. */
  resource?: string;
};

export type Namespace = {
  name: string;
  tag: string;
  resource?: string;
  /** The path the REST naming rule is relative to (`/v4/car`). */
  collectionPath: string;
  operations: Operation[];
};

/** The schemas of one resource's request and response bodies, found through its operations. */
export type ResourceSchemas = {
  create?: string;
  update?: string;
  patch?: string;
  migrate?: string;
  response?: string;
};

export type Resource = {
  name: string;
  pascal: string;
  camel: string;
  meta: ResourceMeta;
  schemas: ResourceSchemas;
  catalogue?: Catalogue;
};

/** Everything generators know about one API. Built once by `buildModel`; generators only read it. */
export type ApiModel = {
  config: ApiConfig;
  /** The OpenAPI document as loaded (for tools such as openapi-typescript that read it whole). */
  document: Record<string, unknown>;
  /** sha256 over all the spec files. */
  sha256: string;
  /**
   * sha256 of each spec file by its path in the API folder (`openapi.json`, `api.config.json`, `vehicles/car.json`).
   * A generated file's header names the hash of the files it was made from (`sourceSha256`), so a change to one
   * catalogue changes the headers of that catalogue's outputs only.
   */
  sources: Record<string, string>;
  version: string;
  /** The operations under the API's base URL. */
  operations: Operation[];
  /**
   * Operations the document puts on another server (`servers` on the operation, such as an OAuth token endpoint):
   * not part of the client's namespaces or the fake's routes; the hand-written code that needs them calls them.
   */
  foreignOperations: Operation[];
  namespaces: Namespace[];
  resources: Resource[];
  schemas: Record<string, Schema>;
  catalogues: Record<string, Catalogue>;
  /** Where each constraint comes from; decides what the generated code refuses and what it only warns about. */
  provenance: Provenance;
};
