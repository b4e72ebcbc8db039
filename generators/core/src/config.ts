import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SpecError, pointer } from './errors.js';
import { isRecord, type Json } from './json.js';

/**
 * Facts about one resource that the OpenAPI document cannot express (for Pro Import, a vehicle type's category ids
 * and whether it is a registered vehicle). Opaque to the generators: they carry them into the generated code as
 * they are, and the API's own hand-written code gives them meaning.
 */
export type ResourceMeta = Readonly<Record<string, Json>>;

export type CatalogueChild = {
  resource: string;
  parentAttribute: string;
  attribute: string;
  /** Path template with `{parent}` for the parent value. */
  path: string;
};

/** A token sent as it is in one header (`X-Auth-Token: <jwt>`). */
export type ApiKeyAuth = { type: 'api-key'; header: string; tokenEnv: string };
/** OAuth 2.0 client credentials: a token from `tokenUrl`, sent as `<header>: <scheme> <token>`. */
export type ClientCredentialsAuth = {
  type: 'oauth2-client-credentials';
  header: string;
  scheme: string;
  tokenUrl: string;
  audience?: string;
  clientIdEnv: string;
  clientSecretEnv: string;
};
export type AuthConfig = ApiKeyAuth | ClientCredentialsAuth;

/**
 * JSON values the server converts to a field's declared type before validating it (a web framework's lenient
 * fields): `string: ['number']` stores a number as its decimal string, `integer`/`number: ['string']` read a numeric
 * string, `boolean` lists the spellings read as true and as false. The validators accept them with a warning whose
 * source is `reason` (inferred), strict mode refuses them, and the fake stores the converted value.
 */
export type CoercionConfig = {
  reason: string;
  string?: Array<'number'>;
  integer?: Array<'string'>;
  number?: Array<'string'>;
  boolean?: { true: Array<string | number>; false: Array<string | number> };
};

export type CatalogueConfig = { dir: string; attributesPath: string; valuesPath: string; children: CatalogueChild[] };

export type ApiConfig = {
  name: string;
  title: string;
  baseUrl: string;
  /**
   * The environment variable that overrides `baseUrl` for the tools that read the environment (`spec:pull`, the
   * client's create function without a `baseUrl`), so one variable points all of them at a proxy or a fake.
   */
  baseUrlEnv?: string;
  /** Absolute URL or path relative to `baseUrl` of the live schema document, when the API publishes one. */
  schemaUrl?: string;
  auth: AuthConfig;
  /** The published packages; `enums` only for an API with value catalogues. */
  packages: { client: string; testkit: string; enums?: string };
  /** OpenAPI tag -> client namespace name. */
  namespaces: Record<string, string>;
  /** operationId -> method name. */
  methodNames: Record<string, string>;
  /** Method names whose calls cost money, so a client must never repeat them blindly. */
  chargedMethods?: string[];
  /** Method names that are not charged but must not be sent twice either (not idempotent). */
  sendOnceMethods?: string[];
  /** Where the value catalogues live and how `spec:pull` fetches them; absent for an API without catalogues. */
  catalogue?: CatalogueConfig;
  /**
   * operationId patterns (`*` matches any run of characters) of the operations whose request body is a merge patch
   * of its schema: any part of it may be sent, nested objects merge into the stored resource, and the schema's rules
   * apply to the merged result. What a document cannot say (drf-spectacular writes the same schema for a PATCH).
   */
  mergePatchOperations?: string[];
  /** What the server converts to a field's declared type (see `CoercionConfig`); absent: nothing. */
  coercion?: CoercionConfig;
  /** Resource name (its OpenAPI tag) -> facts. Kept in the order of the file; empty for an API without typed resources. */
  resources: Record<string, ResourceMeta>;
};

export const CONFIG_FILE = 'api.config.json';

/** Reads `spec/<api>/api.config.json`, checking every field so a typo fails here with its location. */
export async function loadApiConfig(apiDir: string): Promise<ApiConfig> {
  const file = join(apiDir, CONFIG_FILE);
  const text = await readFile(file, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SpecError(file, '#', `is not valid JSON (${(error as Error).message})`);
  }
  return parseApiConfig(raw, file);
}

export function parseApiConfig(raw: unknown, file: string): ApiConfig {
  const read = new ConfigReader(file);
  const root = read.object(raw, []);
  const packages = read.object(root.packages, ['packages']);
  const resourcesRaw = root.resources === undefined ? {} : read.object(root.resources, ['resources']);
  const resources: Record<string, ResourceMeta> = {};
  for (const [name, value] of Object.entries(resourcesRaw)) {
    if (name.startsWith('$')) continue;
    resources[name] = read.facts(value, ['resources', name]);
  }
  const config: ApiConfig = {
    name: read.string(root.name, ['name']),
    title: read.string(root.title, ['title']),
    baseUrl: read.string(root.baseUrl, ['baseUrl']).replace(/\/+$/, ''),
    auth: readAuth(read, root.auth),
    packages: {
      client: read.string(packages.client, ['packages', 'client']),
      testkit: read.string(packages.testkit, ['packages', 'testkit']),
      ...(packages.enums === undefined ? {} : { enums: read.string(packages.enums, ['packages', 'enums']) }),
    },
    namespaces: read.stringMap(root.namespaces ?? {}, ['namespaces']),
    methodNames: read.stringMap(root.methodNames ?? {}, ['methodNames']),
    chargedMethods: read
      .array(root.charges === undefined ? [] : read.object(root.charges, ['charges']).methods ?? [], ['charges', 'methods'])
      .map((m, i) => read.string(m, ['charges', 'methods', i])),
    sendOnceMethods: read
      .array(root.sendOnce === undefined ? [] : read.object(root.sendOnce, ['sendOnce']).methods ?? [], ['sendOnce', 'methods'])
      .map((m, i) => read.string(m, ['sendOnce', 'methods', i])),
    resources,
  };
  if (root.baseUrlEnv !== undefined) config.baseUrlEnv = read.string(root.baseUrlEnv, ['baseUrlEnv']);
  if (root.schemaUrl !== undefined) config.schemaUrl = read.string(root.schemaUrl, ['schemaUrl']);
  if (root.catalogue !== undefined) config.catalogue = readCatalogue(read, root.catalogue);
  if (root.mergePatch !== undefined) {
    const mergePatch = read.object(root.mergePatch, ['mergePatch']);
    config.mergePatchOperations = read.array(mergePatch.operations, ['mergePatch', 'operations']).map((p, i) => read.string(p, ['mergePatch', 'operations', i]));
  }
  if (root.coercion !== undefined) config.coercion = readCoercion(read, root.coercion);
  return config;
}

function readAuth(read: ConfigReader, raw: unknown): AuthConfig {
  const auth = read.object(raw, ['auth']);
  const type = auth.type ?? 'api-key';
  if (type === 'api-key') {
    return { type, header: read.string(auth.header, ['auth', 'header']), tokenEnv: read.string(auth.tokenEnv, ['auth', 'tokenEnv']) };
  }
  if (type === 'oauth2-client-credentials') {
    const out: ClientCredentialsAuth = {
      type,
      header: read.string(auth.header, ['auth', 'header']),
      scheme: read.string(auth.scheme, ['auth', 'scheme']),
      tokenUrl: read.string(auth.tokenUrl, ['auth', 'tokenUrl']),
      clientIdEnv: read.string(auth.clientIdEnv, ['auth', 'clientIdEnv']),
      clientSecretEnv: read.string(auth.clientSecretEnv, ['auth', 'clientSecretEnv']),
    };
    if (auth.audience !== undefined) out.audience = read.string(auth.audience, ['auth', 'audience']);
    return out;
  }
  return read.fail(['auth', 'type'], '"api-key" or "oauth2-client-credentials"', type);
}

function readCoercion(read: ConfigReader, raw: unknown): CoercionConfig {
  const coercion = read.object(raw, ['coercion']);
  const out: CoercionConfig = { reason: read.string(coercion.reason, ['coercion', 'reason']) };
  const from = <T extends string>(key: 'string' | 'integer' | 'number', allowed: T): T[] | undefined => {
    if (coercion[key] === undefined) return undefined;
    return read.array(coercion[key], ['coercion', key]).map((v, i) => (v === allowed ? allowed : read.fail(['coercion', key, i], `"${allowed}"`, v)));
  };
  const fromNumber = from('string', 'number');
  if (fromNumber !== undefined) out.string = fromNumber;
  const integer = from('integer', 'string');
  if (integer !== undefined) out.integer = integer;
  const number = from('number', 'string');
  if (number !== undefined) out.number = number;
  if (coercion.boolean !== undefined) {
    const spellings = read.object(coercion.boolean, ['coercion', 'boolean']);
    const list = (key: 'true' | 'false') =>
      read.array(spellings[key], ['coercion', 'boolean', key]).map((v, i) =>
        typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? v : read.fail(['coercion', 'boolean', key, i], 'a string or a number', v),
      );
    out.boolean = { true: list('true'), false: list('false') };
  }
  return out;
}

function readCatalogue(read: ConfigReader, raw: unknown): CatalogueConfig {
  const catalogue = read.object(raw, ['catalogue']);
  return {
    dir: read.string(catalogue.dir, ['catalogue', 'dir']),
    attributesPath: read.string(catalogue.attributesPath, ['catalogue', 'attributesPath']),
    valuesPath: read.string(catalogue.valuesPath, ['catalogue', 'valuesPath']),
    children: read.array(catalogue.children ?? [], ['catalogue', 'children']).map((child, i) => {
      const path = ['catalogue', 'children', i];
      const c = read.object(child, path);
      return {
        resource: read.string(c.resource, [...path, 'resource']),
        parentAttribute: read.string(c.parentAttribute, [...path, 'parentAttribute']),
        attribute: read.string(c.attribute, [...path, 'attribute']),
        path: read.string(c.path, [...path, 'path']),
      };
    }),
  };
}

class ConfigReader {
  constructor(private readonly file: string) {}

  fail(path: Array<string | number>, expected: string, value: unknown): never {
    const got = value === undefined ? 'nothing' : JSON.stringify(value);
    throw new SpecError(this.file, pointer(...path), `expected ${expected}, got ${got}`);
  }

  object(value: unknown, path: Array<string | number>): Record<string, unknown> {
    return isRecord(value) ? value : this.fail(path, 'an object', value);
  }
  array(value: unknown, path: Array<string | number>): unknown[] {
    return Array.isArray(value) ? value : this.fail(path, 'an array', value);
  }
  string(value: unknown, path: Array<string | number>): string {
    return typeof value === 'string' && value.length > 0 ? value : this.fail(path, 'a non-empty string', value);
  }
  number(value: unknown, path: Array<string | number>): number {
    return typeof value === 'number' && Number.isFinite(value) ? value : this.fail(path, 'a number', value);
  }
  boolean(value: unknown, path: Array<string | number>): boolean {
    return typeof value === 'boolean' ? value : this.fail(path, 'true or false', value);
  }
  /** A resource's facts: a JSON object, its `$comment` keys left out. */
  facts(value: unknown, path: Array<string | number>): ResourceMeta {
    const out: Record<string, Json> = {};
    for (const [key, v] of Object.entries(this.object(value, path))) if (!key.startsWith('$')) out[key] = v as Json;
    return out;
  }
  stringMap(value: unknown, path: Array<string | number>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, v] of Object.entries(this.object(value, path))) {
      if (key.startsWith('$')) continue;
      out[key] = this.string(v, [...path, key]);
    }
    return out;
  }
}
