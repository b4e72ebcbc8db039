import { compareStrings, isRecord, Provenance, type Catalogue, type Constraint } from '@x/generator-core';

/** The parts of a snapshot drift is computed from: what `loadSpec` returns, or what a pull fetched. */
export type SpecData = {
  document: Record<string, unknown>;
  catalogues: Record<string, Catalogue>;
};

export type Change = 'added' | 'removed';

export type DriftItem =
  | { kind: 'endpoint'; change: Change; method: string; path: string }
  | { kind: 'field'; change: Change; resource: string; field: string }
  | { kind: 'attribute'; change: Change; resource: string; attribute: string }
  /** `source: 'catalogue'` for catalogue values (`field` is the attribute id, `parent` set for child lists). */
  | {
      kind: 'enum';
      change: Change;
      resource: string;
      source: 'catalogue' | 'schema';
      field: string;
      parent?: string;
      values: string[];
    }
  | { kind: 'metadata'; resource?: string; what: string }
  /**
   * A reconstructed snapshot replaced by the server's own schema: of the constraints the reconstruction inferred or
   * designed, `confirmed` are in the live schema too (now live, so they refuse), `dropped` are not; `documented`
   * counts the documented ones the live schema confirms.
   */
  | { kind: 'provenance'; confirmed: number; dropped: number; documented: number };

export type DriftReport = { items: DriftItem[] };

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];

/**
 * Compares an old and a new snapshot: endpoints, per resource the create body's fields and enum values, the
 * catalogues, and anything else as metadata. Pure, so it is tested with tables.
 *
 * @example
 * detectDrift(oldSpec, newSpec, ['car', 'boat']).items;
 * // [{ kind: 'endpoint', change: 'added', method: 'get', path: '/v4/car/{source_id}/bump' }, ...]
 */
export function detectDrift(before: SpecData, after: SpecData, resources: readonly string[]): DriftReport {
  const items: DriftItem[] = [...endpointDrift(before.document, after.document)];
  let catalogueBackedEnumChanged = false;
  for (const resource of [...resources].sort(compareStrings)) {
    const oldFields = createFields(before.document, resource);
    const newFields = createFields(after.document, resource);
    for (const [change, fields] of diffKeys(oldFields, newFields)) {
      for (const field of fields) items.push({ kind: 'field', change, resource, field });
    }
    const catalogueItems = catalogueDrift(before.catalogues[resource], after.catalogues[resource], resource);
    const attributes = new Set([
      ...attributeIds(before.catalogues[resource]),
      ...attributeIds(after.catalogues[resource]),
    ]);
    for (const field of [...newFields.keys()].filter((f) => oldFields.has(f)).sort(compareStrings)) {
      // Enumerable attributes carry their catalogue's ids as `enum`; their changes are reported from the catalogue.
      if ([...attributes].some((a) => field === a || field.endsWith(`.${a}`))) {
        if (diffLists(oldFields.get(field) ?? [], newFields.get(field) ?? []).length > 0)
          catalogueBackedEnumChanged = true;
        continue;
      }
      for (const [change, values] of diffLists(oldFields.get(field) ?? [], newFields.get(field) ?? [])) {
        items.push({ kind: 'enum', change, resource, source: 'schema', field, values });
      }
    }
    items.push(...catalogueItems);
  }
  const fromDocument = items.some(
    (i) => i.kind === 'endpoint' || i.kind === 'field' || (i.kind === 'enum' && i.source === 'schema'),
  );
  if (
    !fromDocument &&
    !catalogueBackedEnumChanged &&
    canonical(before.document) !== canonical(after.document)
  ) {
    items.push({ kind: 'metadata', what: 'descriptions, examples or other details changed' });
  }
  const moved = provenanceDrift(before.document, after.document);
  if (moved !== undefined) items.push(moved);
  return { items };
}

/**
 * When a reconstruction is replaced by a live schema: which of its constraints the server's schema has at the same
 * place (the same schema, keyword and property), counted by where they came from.
 */
export function provenanceDrift(before: Record<string, unknown>, after: Record<string, unknown>): DriftItem | undefined {
  const old = new Provenance(before);
  const next = new Provenance(after);
  if (!old.reconstructed || next.reconstructed) return undefined;
  const key = (c: Constraint) => `${c.pointer}\0${c.keyword}\0${c.property ?? ''}`;
  const live = new Set(next.constraints(after).map(key));
  let confirmed = 0;
  let dropped = 0;
  let documented = 0;
  for (const constraint of old.constraints(before)) {
    const present = live.has(key(constraint));
    if (constraint.source.kind === 'documented') {
      if (present) documented += 1;
    } else if (present) confirmed += 1;
    else dropped += 1;
  }
  return { kind: 'provenance', confirmed, dropped, documented };
}

function endpointDrift(before: Record<string, unknown>, after: Record<string, unknown>): DriftItem[] {
  const oldEndpoints = endpoints(before);
  const newEndpoints = endpoints(after);
  const out: DriftItem[] = [];
  for (const [change, keys] of diffKeys(oldEndpoints, newEndpoints)) {
    for (const key of keys) {
      const endpoint = (change === 'added' ? newEndpoints : oldEndpoints).get(key);
      if (endpoint !== undefined) out.push({ kind: 'endpoint', change, ...endpoint });
    }
  }
  return out;
}

/** `METHOD path` -> endpoint; path parameters are normalised so a renamed parameter is not a new endpoint. */
function endpoints(document: Record<string, unknown>): Map<string, { method: string; path: string }> {
  const out = new Map<string, { method: string; path: string }>();
  const paths = isRecord(document.paths) ? document.paths : {};
  for (const path of Object.keys(paths)) {
    const item = paths[path];
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      if (isRecord(item[method])) out.set(`${path.replace(/\{[^}]*\}/g, '{}')} ${method}`, { method, path });
    }
  }
  return out;
}

/** Follows a local `#/...` reference. */
function resolveRef(document: Record<string, unknown>, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const segment of ref.slice(2).split('/')) {
    node = isRecord(node) ? node[segment.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return node;
}

/**
 * The create request body schema of a resource: the POST at the shortest path among the operations tagged with
 * the resource (its collection), as `buildModel` names it `create`.
 */
function createSchema(document: Record<string, unknown>, resource: string): unknown {
  const paths = isRecord(document.paths) ? document.paths : {};
  const tagged = Object.keys(paths)
    .filter((path) => {
      const item = paths[path];
      return (
        isRecord(item) &&
        METHODS.some((m) => isRecord(item[m]) && Array.isArray(item[m].tags) && item[m].tags[0] === resource)
      );
    })
    .sort((a, b) => a.split('/').length - b.split('/').length || compareStrings(a, b));
  const collection = tagged[0];
  if (collection === undefined) return undefined;
  const post = (paths[collection] as Record<string, unknown>).post;
  if (!isRecord(post)) return undefined;
  let body: unknown = post.requestBody;
  if (isRecord(body) && typeof body.$ref === 'string') body = resolveRef(document, body.$ref);
  if (!isRecord(body) || !isRecord(body.content)) return undefined;
  const media = body.content['application/json'] ?? Object.values(body.content)[0];
  return isRecord(media) ? media.schema : undefined;
}

/**
 * Every property path of the create body (`category_fields.powertrain.fuel`, `price[].amount`) with its enum
 * values (empty when it has none), following `$ref`, `allOf`/`oneOf`/`anyOf` and array items.
 */
export function createFields(document: Record<string, unknown>, resource: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const visit = (schema: unknown, path: string, seen: ReadonlySet<string>): void => {
    if (!isRecord(schema)) return;
    if (typeof schema.$ref === 'string') {
      if (seen.has(schema.$ref)) {
        // A recursive schema: the field exists, its inside was already walked.
        if (path !== '' && !out.has(path)) out.set(path, []);
        return;
      }
      visit(resolveRef(document, schema.$ref), path, new Set([...seen, schema.$ref]));
    }
    if (path !== '' && !path.endsWith('[]')) {
      const values = enumValues(schema);
      if (values.length > 0 || !out.has(path))
        out.set(path, [...new Set([...(out.get(path) ?? []), ...values])].sort(compareStrings));
    }
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
      const branches = schema[key];
      if (Array.isArray(branches)) for (const branch of branches) visit(branch, path, seen);
    }
    if (isRecord(schema.items)) visit(schema.items, `${path}[]`, seen);
    if (isRecord(schema.properties)) {
      for (const [name, property] of Object.entries(schema.properties))
        visit(property, path === '' ? name : `${path}.${name}`, seen);
    }
  };
  visit(createSchema(document, resource), '', new Set());
  return out;
}

function enumValues(schema: Record<string, unknown>): string[] {
  const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : [];
  return values.filter((v) => v !== null).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

function attributeIds(catalogue: Catalogue | undefined): string[] {
  return catalogue?.attributes.map((a) => a.id) ?? [];
}

function catalogueDrift(
  before: Catalogue | undefined,
  after: Catalogue | undefined,
  resource: string,
): DriftItem[] {
  const out: DriftItem[] = [];
  const oldAttributes = new Map((before?.attributes ?? []).map((a) => [a.id, a.name] as const));
  const newAttributes = new Map((after?.attributes ?? []).map((a) => [a.id, a.name] as const));
  for (const [change, ids] of diffKeys(oldAttributes, newAttributes)) {
    for (const attribute of ids) out.push({ kind: 'attribute', change, resource, attribute });
  }
  const renamed: string[] = [];
  const compareValues = (
    field: string,
    oldItems: Catalogue['attributes'],
    newItems: Catalogue['attributes'],
    parent?: string,
  ) => {
    for (const [change, values] of diffLists(
      oldItems.map((i) => i.id),
      newItems.map((i) => i.id),
    )) {
      out.push({
        kind: 'enum',
        change,
        resource,
        source: 'catalogue',
        field,
        ...(parent === undefined ? {} : { parent }),
        values,
      });
    }
    const oldNames = new Map(oldItems.map((i) => [i.id, i.name] as const));
    if (newItems.some((i) => oldNames.has(i.id) && oldNames.get(i.id) !== i.name))
      renamed.push(parent === undefined ? field : `${field} (${parent})`);
  };
  // Values of a new or removed attribute are part of that attribute's line, not listed one by one.
  for (const attribute of [...newAttributes.keys()]
    .filter((a) => oldAttributes.has(a))
    .sort(compareStrings)) {
    compareValues(attribute, before?.values[attribute] ?? [], after?.values[attribute] ?? []);
  }
  for (const attribute of Object.keys({ ...before?.children, ...after?.children }).sort(compareStrings)) {
    const oldChild = before?.children[attribute]?.values ?? {};
    const newChild = after?.children[attribute]?.values ?? {};
    for (const parent of Object.keys({ ...oldChild, ...newChild }).sort(compareStrings)) {
      compareValues(attribute, oldChild[parent] ?? [], newChild[parent] ?? [], parent);
    }
  }
  if ([...newAttributes].some(([id, name]) => oldAttributes.has(id) && oldAttributes.get(id) !== name))
    renamed.unshift('attribute names');
  if (renamed.length > 0)
    out.push({ kind: 'metadata', resource, what: `display names changed in ${renamed.join(', ')}` });
  return out;
}

function diffKeys<K extends string>(
  before: ReadonlyMap<K, unknown>,
  after: ReadonlyMap<K, unknown>,
): Array<[Change, K[]]> {
  const added = [...after.keys()].filter((k) => !before.has(k)).sort(compareStrings);
  const removed = [...before.keys()].filter((k) => !after.has(k)).sort(compareStrings);
  return [
    ['removed', removed],
    ['added', added],
  ];
}

function diffLists(before: readonly string[], after: readonly string[]): Array<[Change, string[]]> {
  const oldSet = new Set(before);
  const newSet = new Set(after);
  const removed = before.filter((v) => !newSet.has(v)).sort(compareStrings);
  const added = after.filter((v) => !oldSet.has(v)).sort(compareStrings);
  const out: Array<[Change, string[]]> = [];
  if (removed.length > 0) out.push(['removed', removed]);
  if (added.length > 0) out.push(['added', added]);
  return out;
}

/** JSON with sorted keys, so key order alone is not drift. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort(compareStrings)
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}
