import { compareStrings, type ApiModel, type Catalogue, type Resource } from '@x/generator-core';
import { PAYLOAD_KINDS, type PayloadKind } from './names.js';

/** One validators module: a resource (vehicle type) or a namespace without one (V3), and its request body schemas. */
export type ValidatorTarget = {
  /** `car`, `v3`: the module name and the `validatePayload` resource name. */
  key: string;
  schemas: Partial<Record<PayloadKind, string>>;
  resource?: Resource;
  catalogue?: Catalogue;
};

/**
 * Every resource with request bodies, then every namespace without a resource whose create/update/patch/migrate
 * operations have named request bodies (V3). Sorted by key.
 */
export function validatorTargets(model: ApiModel): ValidatorTarget[] {
  const targets: ValidatorTarget[] = [];
  for (const resource of model.resources) {
    const schemas: ValidatorTarget['schemas'] = {};
    for (const kind of PAYLOAD_KINDS) {
      const name = resource.schemas[kind];
      if (name !== undefined) schemas[kind] = name;
    }
    if (Object.keys(schemas).length === 0) continue;
    const target: ValidatorTarget = { key: resource.name, schemas, resource };
    if (resource.catalogue !== undefined) target.catalogue = resource.catalogue;
    targets.push(target);
  }
  for (const namespace of model.namespaces) {
    if (namespace.resource !== undefined) continue;
    const schemas: ValidatorTarget['schemas'] = {};
    for (const kind of PAYLOAD_KINDS) {
      const name = namespace.operations.find((op) => op.methodName === kind)?.requestBody?.schemaName;
      if (name !== undefined) schemas[kind] = name;
    }
    if (Object.keys(schemas).length > 0) targets.push({ key: namespace.name, schemas });
  }
  return targets.sort((a, b) => compareStrings(a.key, b.key));
}
