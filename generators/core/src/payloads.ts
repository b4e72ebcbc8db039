import { compareStrings } from './json.js';
import type { ApiModel, Resource } from './model.js';
import type { Catalogue } from './catalogue.js';

/** The kinds of request body a resource can have: what validators are generated for. */
export type PayloadKind = 'create' | 'update' | 'patch' | 'migrate';
export const PAYLOAD_KINDS: readonly PayloadKind[] = ['create', 'update', 'patch', 'migrate'];

/** A set of request bodies validated together: a resource (vehicle type) or a namespace without one (V3). */
export type PayloadTarget = {
  /** `car`, `v3`: the validators module's name and the key the client and the fake look it up by. */
  key: string;
  /** The component schema of each kind of body it has. */
  schemas: Partial<Record<PayloadKind, string>>;
  resource?: Resource;
  catalogue?: Catalogue;
  /** The component schema of what the server answers with (its fields that a body cannot set are ignored in a body). */
  response?: string;
};

/**
 * Every resource with request bodies, then every namespace without a resource whose create/update/patch/migrate
 * operations have named request bodies, sorted by key. The validators generator writes one module per target and
 * the client generator loads them by the same keys, so both read this one list.
 */
export function payloadTargets(model: ApiModel): PayloadTarget[] {
  const targets: PayloadTarget[] = [];
  for (const resource of model.resources) {
    const schemas: PayloadTarget['schemas'] = {};
    for (const kind of PAYLOAD_KINDS) {
      const name = resource.schemas[kind];
      if (name !== undefined) schemas[kind] = name;
    }
    if (Object.keys(schemas).length === 0) continue;
    const target: PayloadTarget = { key: resource.name, schemas, resource };
    if (resource.catalogue !== undefined) target.catalogue = resource.catalogue;
    if (resource.schemas.response !== undefined) target.response = resource.schemas.response;
    targets.push(target);
  }
  for (const namespace of model.namespaces) {
    if (namespace.resource !== undefined) continue;
    const schemas: PayloadTarget['schemas'] = {};
    for (const kind of PAYLOAD_KINDS) {
      const name = namespace.operations.find((op) => op.methodName === kind)?.requestBody?.schemaName;
      if (name !== undefined) schemas[kind] = name;
    }
    if (Object.keys(schemas).length === 0) continue;
    const create = namespace.operations.find((op) => op.methodName === 'create');
    const response = create?.responses.find((r) => r.status === String(create.successStatus))?.schemaName;
    targets.push({ key: namespace.name, schemas, ...(response === undefined ? {} : { response }) });
  }
  return targets.sort((a, b) => compareStrings(a.key, b.key));
}
