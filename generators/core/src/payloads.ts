import { compareStrings } from './json.js';
import type { ApiModel, HttpMethod, Namespace, Operation, Resource } from './model.js';
import type { Catalogue } from './catalogue.js';

/**
 * The kind of a request body: the method name of the operation it belongs to (`create`, `update`, `attach`, ...).
 * Validators are generated per kind; an operation whose body schema another kind already has (`validate` sends the
 * create body) shares that kind's validator.
 */
export type PayloadKind = string;
/** The kinds that come first, in this order (their validators are named the same in every API); others follow sorted. */
export const PAYLOAD_KINDS: readonly PayloadKind[] = ['create', 'update', 'patch', 'migrate'];

/** A set of request bodies validated together: a resource's, or a namespace's without one. */
export type PayloadTarget = {
  /** `car`, `v3`, `listings`: the validators module's name and the key the client and the fake look it up by. */
  key: string;
  /** The component schema of each kind of body it has, in kind order. */
  schemas: Record<PayloadKind, string>;
  /** The HTTP method of each kind: a POST creates something whole, so schema defaults apply to it. */
  methods: Record<PayloadKind, HttpMethod>;
  /** The kinds whose body is a merge patch of its schema (see `RequestBodyModel.mergePatch`), sorted. */
  mergePatch: PayloadKind[];
  resource?: Resource;
  catalogue?: Catalogue;
  /** The component schema of what the server answers with (its fields that a body cannot set are ignored in a body). */
  response?: string;
};

function kindOrder(a: string, b: string): number {
  const ia = PAYLOAD_KINDS.indexOf(a);
  const ib = PAYLOAD_KINDS.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? PAYLOAD_KINDS.length : ia) - (ib < 0 ? PAYLOAD_KINDS.length : ib);
  return compareStrings(a, b);
}

/** The response schema of the namespace's read operation (`get` by one id), else of its create. */
function responseOf(ns: Namespace): string | undefined {
  const read = ns.operations.find((o) => o.methodName === 'get' && o.method === 'get' && o.pathParams.length === 1);
  const op = read ?? ns.operations.find((o) => o.methodName === 'create');
  return op?.responses.find((r) => r.status === String(op.successStatus))?.schemaName;
}

/** Kinds whose names are known first, then the rest sorted; each body schema once (the first kind that sends it). */
function bodiesOf(ns: Namespace): Array<[PayloadKind, string, HttpMethod, boolean]> {
  const withBodies = ns.operations.filter((op): op is Operation & { requestBody: { schemaName: string } } => op.requestBody?.schemaName !== undefined);
  const sorted = [...withBodies].sort((a, b) => kindOrder(a.methodName, b.methodName));
  const out: Array<[PayloadKind, string, HttpMethod, boolean]> = [];
  for (const op of sorted) {
    if (out.some(([, schema]) => schema === op.requestBody.schemaName)) continue;
    out.push([op.methodName, op.requestBody.schemaName, op.method, op.requestBody.mergePatch === true]);
  }
  return out;
}

/**
 * Every namespace with named JSON request bodies, keyed by its resource (or its name without one), sorted by key.
 * The validators generator writes one module per target and the client generator loads them by the same keys, so
 * both read this one list.
 */
export function payloadTargets(model: ApiModel): PayloadTarget[] {
  const targets: PayloadTarget[] = [];
  for (const ns of model.namespaces) {
    const bodies = bodiesOf(ns);
    if (bodies.length === 0) continue;
    const resource = ns.resource === undefined ? undefined : model.resources.find((r) => r.name === ns.resource);
    const target: PayloadTarget = {
      key: resource?.name ?? ns.name,
      schemas: Object.fromEntries(bodies.map(([kind, schema]) => [kind, schema])),
      methods: Object.fromEntries(bodies.map(([kind, , method]) => [kind, method])),
      mergePatch: bodies.filter(([, , , merge]) => merge).map(([kind]) => kind).sort(compareStrings),
    };
    if (resource !== undefined) target.resource = resource;
    if (resource?.catalogue !== undefined) target.catalogue = resource.catalogue;
    const response = resource?.schemas.response ?? responseOf(ns);
    if (response !== undefined) target.response = response;
    targets.push(target);
  }
  return targets.sort((a, b) => compareStrings(a.key, b.key));
}

/** The kinds of a target, in order. */
export function payloadKinds(target: PayloadTarget): PayloadKind[] {
  return Object.keys(target.schemas);
}
