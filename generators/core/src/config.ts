import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SpecError, pointer } from './errors.js';
import { isRecord } from './json.js';

/** Facts about one resource (for Pro Import: one vehicle type) that the OpenAPI document cannot express. */
export type ResourceMeta = {
  categoryId: number;
  registered: boolean;
  legacyCategoryIds: number[];
  migrationRequired: boolean;
  /** Further categories the resource's endpoints accept besides `categoryId`. */
  otherCategoryIds: number[];
};

export type CatalogueChild = {
  resource: string;
  parentAttribute: string;
  attribute: string;
  /** Path template with `{parent}` for the parent value. */
  path: string;
};

export type ApiConfig = {
  name: string;
  title: string;
  baseUrl: string;
  /** Absolute URL or path relative to `baseUrl` of the live schema document. */
  schemaUrl: string;
  auth: { header: string; tokenEnv: string };
  packages: { client: string; enums: string; testkit: string };
  /** OpenAPI tag -> client namespace name. */
  namespaces: Record<string, string>;
  /** operationId -> method name. */
  methodNames: Record<string, string>;
  /** Method names whose calls cost money, so a client must never repeat them blindly. */
  chargedMethods?: string[];
  /** Method names that are not charged but must not be sent twice either (not idempotent). */
  sendOnceMethods?: string[];
  catalogue: { dir: string; attributesPath: string; valuesPath: string; children: CatalogueChild[] };
  /** Resource name (its OpenAPI tag) -> facts. Kept in the order of the file. */
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
  const auth = read.object(root.auth, ['auth']);
  const packages = read.object(root.packages, ['packages']);
  const catalogue = read.object(root.catalogue, ['catalogue']);
  const resourcesRaw = read.object(root.resources, ['resources']);
  const resources: Record<string, ResourceMeta> = {};
  for (const [name, value] of Object.entries(resourcesRaw)) {
    if (name.startsWith('$')) continue;
    const path = ['resources', name];
    const meta = read.object(value, path);
    resources[name] = {
      categoryId: read.number(meta.categoryId, [...path, 'categoryId']),
      registered: read.boolean(meta.registered, [...path, 'registered']),
      legacyCategoryIds: read.array(meta.legacyCategoryIds ?? [], [...path, 'legacyCategoryIds']).map((id, i) =>
        read.number(id, [...path, 'legacyCategoryIds', i]),
      ),
      migrationRequired: meta.migrationRequired === undefined ? false : read.boolean(meta.migrationRequired, [...path, 'migrationRequired']),
      otherCategoryIds: read.array(meta.otherCategoryIds ?? [], [...path, 'otherCategoryIds']).map((id, i) =>
        read.number(id, [...path, 'otherCategoryIds', i]),
      ),
    };
  }
  return {
    name: read.string(root.name, ['name']),
    title: read.string(root.title, ['title']),
    baseUrl: read.string(root.baseUrl, ['baseUrl']).replace(/\/+$/, ''),
    schemaUrl: read.string(root.schemaUrl, ['schemaUrl']),
    auth: { header: read.string(auth.header, ['auth', 'header']), tokenEnv: read.string(auth.tokenEnv, ['auth', 'tokenEnv']) },
    packages: {
      client: read.string(packages.client, ['packages', 'client']),
      enums: read.string(packages.enums, ['packages', 'enums']),
      testkit: read.string(packages.testkit, ['packages', 'testkit']),
    },
    namespaces: read.stringMap(root.namespaces ?? {}, ['namespaces']),
    methodNames: read.stringMap(root.methodNames ?? {}, ['methodNames']),
    chargedMethods: read
      .array(root.charges === undefined ? [] : read.object(root.charges, ['charges']).methods ?? [], ['charges', 'methods'])
      .map((m, i) => read.string(m, ['charges', 'methods', i])),
    sendOnceMethods: read
      .array(root.sendOnce === undefined ? [] : read.object(root.sendOnce, ['sendOnce']).methods ?? [], ['sendOnce', 'methods'])
      .map((m, i) => read.string(m, ['sendOnce', 'methods', i])),
    catalogue: {
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
    },
    resources,
  };
}

class ConfigReader {
  constructor(private readonly file: string) {}

  private fail(path: Array<string | number>, expected: string, value: unknown): never {
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
  stringMap(value: unknown, path: Array<string | number>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, v] of Object.entries(this.object(value, path))) {
      if (key.startsWith('$')) continue;
      out[key] = this.string(v, [...path, key]);
    }
    return out;
  }
}
