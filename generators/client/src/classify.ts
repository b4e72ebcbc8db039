import { isRecord, payloadKinds, payloadTargets, type ApiModel, type Namespace, type Operation, type PayloadKind } from '@x/generator-core';

export type RetryPolicy = 'idempotent' | 'create' | 'once';

/** The operation object as written in the document, for extensions the model does not carry. */
function rawOperation(model: ApiModel, op: Operation): Record<string, unknown> {
  const paths = isRecord(model.document.paths) ? model.document.paths : {};
  const item = paths[op.path];
  const raw = isRecord(item) ? item[op.method] : undefined;
  return isRecord(raw) ? raw : {};
}

/**
 * Whether calling the operation costs the dealer money: its method is listed in the API config's
 * `charges.methods`, or the document marks the operation with `x-charges: true`.
 */
export function isCharged(model: ApiModel, op: Operation): boolean {
  if (model.config.chargedMethods?.includes(op.methodName) === true) return true;
  return rawOperation(model, op)['x-charges'] === true;
}

/**
 * How the runtime may retry an operation. GET, PUT, PATCH and DELETE are idempotent on this API (PUT and PATCH
 * deep-merge the same body, DELETE is a soft delete), except operations that charge money and those the API config
 * lists as send-once (`sendOnce.methods`: not idempotent, like re-queueing work). A POST that creates
 * gets duplicate handling when its namespace can read the created resource back; `validate` stores nothing;
 * any other POST (migrate) is sent once.
 */
export function retryPolicy(model: ApiModel, ns: Namespace, op: Operation): RetryPolicy {
  if (isCharged(model, op) || model.config.sendOnceMethods?.includes(op.methodName) === true) return 'once';
  if (op.method !== 'post') return 'idempotent';
  if (op.methodName === 'validate') return 'idempotent';
  if (op.methodName === 'create' && choosesItsId(model, ns, op)) return 'create';
  return 'once';
}

/**
 * Whether a create names the resource's id itself (Pro Import's `source_id`): the body has a property named like the
 * read operation's path parameter. Only then can a retried create be told apart from a second one; a create whose
 * id the server assigns would make a duplicate when sent again, so it is sent once.
 */
export function choosesItsId(model: ApiModel, ns: Namespace, op: Operation): boolean {
  const read = readOperation(ns);
  const id = read?.pathParams[0]?.name;
  const name = op.requestBody?.schemaName;
  if (id === undefined || name === undefined) return false;
  const schema = model.schemas[name];
  return isRecord(schema) && isRecord(schema.properties) && id in schema.properties;
}

/** The operation that reads one resource back by its id (`get`), if the namespace has one. */
export function readOperation(ns: Namespace): Operation | undefined {
  return ns.operations.find((o) => o.methodName === 'get' && o.method === 'get' && o.pathParams.length === 1);
}

/**
 * Which validator checks this operation's body: the target of its resource (or, without one, of its namespace)
 * whose schema of some kind is the body's schema. `validate` shares the create schema, so it is checked as create.
 */
export function validationTarget(model: ApiModel, op: Operation): { resource: string; kind: PayloadKind } | undefined {
  const schemaName = op.requestBody?.schemaName;
  if (schemaName === undefined) return undefined;
  const key = op.resource ?? op.namespace;
  const target = payloadTargets(model).find((t) => t.key === key);
  const kind = target === undefined ? undefined : payloadKinds(target).find((k) => target.schemas[k] === schemaName);
  return target === undefined || kind === undefined ? undefined : { resource: target.key, kind };
}

/** Whether a response schema is a page of the limit/offset pagination (`{count, next, previous, results}`). */
export function isPaginated(model: ApiModel, op: Operation): boolean {
  const ok = op.responses.find((r) => r.status === String(op.successStatus));
  const schema = ok?.schemaName !== undefined ? model.schemas[ok.schemaName] : ok?.schema;
  return isRecord(schema) && isRecord(schema.properties) && 'results' in schema.properties && 'next' in schema.properties;
}
