import { CLIENT_RUNTIME } from './emit-client.js';
import { compareStrings, operationConstName, propertyKey, renderModule, specHeader, documentSources, type ApiModel, type Namespace, type Operation } from '@x/generator-core';
import { readOperation, retryPolicy, validationTarget } from './classify.js';

/** One operation's runtime facts as an object literal (`OperationSpec`). */
export function emitOperationSpec(model: ApiModel, ns: Namespace, op: Operation): string {
  const fields: string[] = [
    `operationId: ${quote(op.operationId)}`,
    `namespace: ${quote(ns.name)}`,
    `methodName: ${quote(op.methodName)}`,
    `method: ${quote(op.method.toUpperCase())}`,
    `path: ${quote(op.path)}`,
    `pathParams: [${pathParamsInOrder(op).map(quote).join(', ')}]`,
    `queryParams: [${op.queryParams.map((p) => quote(p.name)).join(', ')}]`,
    `body: ${op.requestBody !== undefined}`,
    `retry: ${quote(retryPolicy(model, ns, op))}`,
  ];
  const target = validationTarget(model, op);
  if (target !== undefined) fields.push(`validate: { resource: ${quote(target.resource)}, kind: ${quote(target.kind)} }`);
  const read = readOperation(ns);
  if (retryPolicy(model, ns, op) === 'create' && read !== undefined) fields.push(`readPath: ${quote(read.path)}`);
  return `{ ${fields.join(', ')} }`;
}

/** Path parameters in the order they appear in the path, which is the order of the method's arguments. */
export function pathParamsInOrder(op: Operation): string[] {
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
  return names.filter((n) => n !== '');
}

/**
 * `operations.gen.ts`: every operation's runtime facts, one exported constant per operation (sorted by operationId),
 * so that a bundle keeps only the operations its namespaces use; and `OPERATIONS`, all of them keyed by operationId,
 * for code that looks operations up by id (it is not referenced by the client, so it costs a bundle nothing).
 */
export function emitOperations(model: ApiModel): string {
  const operations = model.namespaces
    .flatMap((ns) => ns.operations.map((op) => ({ ns, op })))
    .sort((a, b) => compareStrings(a.op.operationId, b.op.operationId));
  const names = new Map<string, string>();
  for (const { op } of operations) {
    const name = operationConstName(op.operationId);
    const taken = names.get(name);
    if (taken !== undefined) throw new Error(`operations.gen.ts: operationIds "${taken}" and "${op.operationId}" both become the constant ${name}; rename one in the spec`);
    names.set(name, op.operationId);
  }
  const constants = operations.map(
    ({ ns, op }) =>
      `\n/** \`${op.method.toUpperCase()} ${op.path}\` (\`${op.operationId}\`). */\nexport const ${operationConstName(op.operationId)} = ${emitOperationSpec(model, ns, op)} as const satisfies OperationSpec;`,
  );
  const entries = operations.map(({ op }) => `  ${propertyKey(op.operationId)}: ${operationConstName(op.operationId)},`);
  return renderModule(specHeader(model, documentSources()), [{ isTypeOnly: true, moduleSpecifier: CLIENT_RUNTIME, namedImports: ['OperationSpec'] }], [
    ...constants,
    '',
    '/** Every operation of the API: method, path, retry policy and validator, keyed by operationId. */',
    `export const OPERATIONS = {\n${entries.join('\n')}\n} as const satisfies Record<string, OperationSpec>;`,
  ]);
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
