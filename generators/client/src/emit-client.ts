import {
  argumentName,
  compareStrings,
  namespaceClassName,
  operationConstName,
  operationTypeName,
  pascalCase,
  renderModule,
  specHeader,
  documentSources,
  type ApiModel,
  type Namespace,
  type Operation,
} from '@x/generator-core';
import { isPaginated, readOperation } from './classify.js';
import { pathParamsInOrder } from './emit-operations.js';
import { bodyTypeOf } from './emit-types.js';

/** `export type V4CarCreate = paths['/v4/car']['post'];` */
export function emitOperationType(op: Operation): string {
  return `export type ${operationTypeName(op.operationId)} = paths['${op.path}']['${op.method}'];`;
}

function hasRequiredQuery(op: Operation): boolean {
  return op.queryParams.some((p) => p.required);
}

/** The type of an operation's body: `RequestBody<T>`, any part of it (`MergePatch<...>`) for a merge-patch body. */
export function bodyType(op: Operation): string {
  const type = `RequestBody<${operationTypeName(op.operationId)}>`;
  return op.requestBody?.mergePatch === true ? `MergePatch<${type}>` : type;
}

/** The parameter list of an operation's method: path params in path order, query object, body, options. */
export function emitParameters(op: Operation): string[] {
  const type = operationTypeName(op.operationId);
  const params = pathParamsInOrder(op).map((name) => `${argumentName(name)}: PathParams<${type}>['${name}']`);
  if (op.requestBody !== undefined) params.push(`body: ${bodyTypeOf(op)}`);
  if (op.queryParams.length > 0) params.push(`query${hasRequiredQuery(op) ? '' : '?'}: Filters<QueryParams<${type}>>`);
  params.push('options?: CallOptions');
  return params;
}

/** The `{ path, query, body }` input the runtime receives. */
export function emitCallInput(op: Operation): string {
  const parts: string[] = [];
  const names = pathParamsInOrder(op);
  if (names.length > 0) parts.push(`path: { ${names.map((n) => `${n}: ${argumentName(n)}`).join(', ')} }`);
  if (op.queryParams.length > 0) parts.push('query');
  if (op.requestBody !== undefined) parts.push('body');
  return `{ ${parts.join(', ')} }`;
}

function docComment(lines: readonly string[]): string {
  return `/**\n${lines.map((l) => (l === '' ? ' *' : ` * ${l}`)).join('\n')}\n */`;
}

/** One generated method: a typed call of one operation. */
export function emitMethod(op: Operation): string {
  const type = operationTypeName(op.operationId);
  const args = emitParameters(op)
    .map((p) => p.split(/\??:/)[0] ?? '')
    .filter((name) => name !== 'options' && !(name === 'query' && !hasRequiredQuery(op)));
  const doc = docComment([
    ...(op.summary !== undefined ? [`${op.summary}.`, ''] : []),
    `\`${op.method.toUpperCase()} ${op.path}\` (\`${op.operationId}\`).`,
    '',
    '@example',
    `const result = await client.${op.namespace}.${op.methodName}(${args.join(', ')});`,
  ]);
  return [
    doc,
    `${op.methodName}(${emitParameters(op).join(', ')}): ApiPromise<SuccessData<${type}>> {`,
    `  return this.#rt.call(op.${operationConstName(op.operationId)}, ${emitCallInput(op)}, options);`,
    '}',
  ].join('\n');
}

function find(ns: Namespace, methodName: string): Operation | undefined {
  return ns.operations.find((o) => o.methodName === methodName);
}

/**
 * The helpers built on the operations a namespace has: `iterate` over a paginated list, `iterateLog` over a
 * paginated log, `waitFor` and the `*AndWait` writes when there is a log and a way to read the resource.
 */
export function emitHelpers(model: ApiModel, ns: Namespace): string[] {
  const out: string[] = [];
  const list = find(ns, 'list');
  const log = find(ns, 'log');
  const get = readOperation(ns);
  if (list !== undefined && isPaginated(model, list) && !hasRequiredQuery(list)) {
    const t = operationTypeName(list.operationId);
    out.push(
      [
        docComment([
          `Every item of \`${list.method.toUpperCase()} ${list.path}\`, page after page.`,
          '',
          '@example',
          `for await (const item of client.${ns.name}.iterate({ limit: 100 })) console.log(item);`,
        ]),
        `iterate(query?: Filters<QueryParams<${t}>>, options?: CallOptions): AsyncIterableIterator<PageItem<SuccessData<${t}>>> {`,
        `  return paginate(this.#rt, op.${operationConstName(list.operationId)}, { query }, options);`,
        '}',
      ].join('\n'),
    );
  }
  if (log === undefined || !isPaginated(model, log) || pathParamsInOrder(log).length !== 1) return out;
  const logType = operationTypeName(log.operationId);
  const [idParam = ''] = pathParamsInOrder(log);
  const idArg = argumentName(idParam);
  const entry = `PageItem<SuccessData<${logType}>>`;
  out.push(
    [
      docComment([`Every log entry of one ad, page after page (\`${log.method.toUpperCase()} ${log.path}\`).`]),
      `iterateLog(${idArg}: PathParams<${logType}>['${idParam}'], query?: Filters<QueryParams<${logType}>>, options?: CallOptions): AsyncIterableIterator<${entry}> {`,
      `  return paginate(this.#rt, op.${operationConstName(log.operationId)}, { path: { ${idParam}: ${idArg} }, query }, options);`,
      '}',
    ].join('\n'),
  );
  if (get === undefined) return out;
  const getType = operationTypeName(get.operationId);
  const result = `WaitResult<SuccessData<${getType}>, ${entry}>`;
  const ops = (write?: Operation) =>
    `{ ${write !== undefined ? `write: op.${operationConstName(write.operationId)}, ` : ''}log: op.${operationConstName(log.operationId)}, read: op.${operationConstName(get.operationId)} }`;
  out.push(
    [
      docComment([
        'Waits until the asynchronous `action` of the request `requestId` is done, following the ad\'s log.',
        'Rejects with the runtime\'s action error when an entry of that request ends in `error` (see the runtime\'s `waitFor`).',
      ]),
      `waitFor(${idArg}: string, options: WaitForOptions<${entry}['action']>): Promise<${result}> {`,
      `  return waitFor(this.#rt, ${ops()}, ${idArg}, options);`,
      '}',
    ].join('\n'),
  );
  const create = find(ns, 'create');
  if (create?.requestBody !== undefined && create.pathParams.length === 0) {
    out.push(
      [
        docComment([
          'Creates the resource and waits until its asynchronous processing is complete, as the runtime\'s',
          '`createAndWait` defines completion for this API.',
        ]),
        `createAndWait(body: ${bodyTypeOf(create)}, options?: WaitOptions): Promise<${result}> {`,
        `  return createAndWait(this.#rt, ${ops(create)}, body, options);`,
        '}',
      ].join('\n'),
    );
  }
  for (const name of ['update', 'patch'] as const) {
    const write = find(ns, name);
    if (write?.requestBody === undefined || pathParamsInOrder(write).length !== 1) continue;
    out.push(
      [
        docComment([`${name === 'update' ? 'Updates (PUT)' : 'Patches'} the ad and waits until \`update\` is done (and \`publish\` when the ad is visible).`]),
        `${name}AndWait(${idArg}: string, body: ${bodyTypeOf(write)}, options?: WaitOptions): Promise<${result}> {`,
        `  return updateAndWait(this.#rt, ${ops(write)}, ${idArg}, body, options);`,
        '}',
      ].join('\n'),
    );
  }
  const del = find(ns, 'delete');
  if (del !== undefined && pathParamsInOrder(del).length === 1) {
    out.push(
      [
        docComment(['Deletes the ad and waits until the `delete` action is done (the ad then reads `state: "deleted"`).']),
        `deleteAndWait(${idArg}: string, options?: WaitOptions): Promise<${result}> {`,
        `  return deleteAndWait(this.#rt, ${ops(del)}, ${idArg}, options);`,
        '}',
      ].join('\n'),
    );
  }
  return out;
}

/** One namespace as a class over the runtime. */
export function emitNamespaceClass(model: ApiModel, ns: Namespace): string {
  const members = [...ns.operations.map(emitMethod), ...emitHelpers(model, ns)];
  const what = ns.resource !== undefined ? `the \`${ns.resource}\` resource` : `the \`${ns.tag}\` operations`;
  return [
    docComment([
      `\`client.${ns.name}\`: ${what}.`,
      '',
      '@example',
      `const ${ns.name} = new ${namespaceClassName(ns.name)}(runtime); // what client.${ns.name} is, without the other namespaces`,
    ]),
    `export class ${namespaceClassName(ns.name)} {`,
    '  readonly #rt: Runtime;',
    '  /**',
    `   * The namespace alone, over a runtime of the package's \`create…Runtime\`: an app that builds only the`,
    '   * namespaces it uses bundles none of the others (the whole client holds one of each).',
    '   */',
    '  constructor(rt: Runtime) {',
    '    this.#rt = rt;',
    '  }',
    ...members.map((m) => m.replace(/^/gm, '  ')),
    '}',
  ].join('\n');
}

/** `client.use(...)`: middleware for every later call of the client (logging, tracing, metrics). */
export function emitUse(): string[] {
  return [
    '/**',
    ' * Adds middleware that runs around every later attempt of every call (retries included): `onRequest` (the',
    ' * request without its credentials; answer a new one to change it), `onResponse` and `onError`. Answers the client.',
    ' *',
    ' * @example',
    ' * client.use({ onResponse: ({ operation, response, durationMs }) => console.log(operation.name, response.status, durationMs) });',
    ' */',
    'use(...middleware: Middleware[]): this {',
    '  this.#rt.use(...middleware);',
    '  return this;',
    '}',
  ];
}

/** The type of a merge-patch body (see the model's `RequestBodyModel.mergePatch`), emitted where a method takes one. */
const MERGE_PATCH_TYPE = [
  '',
  '/**',
  ' * A merge-patch body: any part of `T`, nested objects included (their members optional; `null` removes one from the',
  ' * stored object). Lists are sent whole: they replace the stored list.',
  ' *',
  ' * @example',
  " * const body: MergePatch<RequestBody<V4BoatPartialUpdate>> = { contact: { phone: '0701234567' } };",
  ' */',
  'export type MergePatch<T> = { [K in keyof T]?: MergePatchValue<T[K]> };',
  '/** One member of a merge patch: a nested object may be partial, and its own members may be `null` (removed). */',
  'export type MergePatchValue<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: MergePatchValue<T[K]> | null } : T;',
];

/** The client class name from the API's name: `shop-api` -> `ShopApiClient`. */
export function clientClassName(model: ApiModel): string {
  return `${pascalCase(model.config.name)}Client`;
}

/** The package every generated client runs on (HTTP, retries, errors, pagination, types). */
export const CLIENT_RUNTIME = '@x/client-runtime';
/** The client package's own module with the waiting helpers, for an API whose resources have an action log. */
export const WAITING_RUNTIME = '../runtime/waiting.js';

/** `client.gen.ts`: operation types, one class per namespace, and the client holding one of each. */
export function emitClient(model: ApiModel): string {
  const namespaces = [...model.namespaces].sort((a, b) => compareStrings(a.name, b.name));
  const operations = namespaces.flatMap((ns) => ns.operations).sort((a, b) => compareStrings(a.operationId, b.operationId));
  const classes = namespaces.map((ns) => emitNamespaceClass(model, ns));
  const body = classes.join('\n');
  // Import only what the classes use: an API without paginated lists or action logs needs neither helper.
  const waiting = ['createAndWait', 'deleteAndWait', 'updateAndWait', 'waitFor'].filter((name) => body.includes(`return ${name}(`));
  const waitingTypes = ['WaitForOptions', 'WaitOptions', 'WaitResult'].filter((name) => new RegExp(`\\b${name}\\b`).test(body));
  const runtimeTypes = ['ApiPromise', 'CallOptions', 'Filters', 'Middleware', 'PageItem', 'PathParams', 'QueryParams', 'RequestBody', 'Runtime', 'SuccessData'].filter(
    (name) => name === 'Runtime' || name === 'Middleware' || new RegExp(`\\b${name}\\b`).test(body),
  );
  // The named body types the methods take (types.gen.ts).
  const bodyTypes = [...new Set(operations.filter((o) => o.requestBody !== undefined).map((o) => bodyTypeOf(o)))]
    .filter((name) => new RegExp(`\\b${name}\\b`).test(body))
    .sort(compareStrings);
  const imports = [
    { isTypeOnly: true, moduleSpecifier: './paths.gen.js', namedImports: ['paths'] },
    { isTypeOnly: true, moduleSpecifier: CLIENT_RUNTIME, namedImports: runtimeTypes },
    ...(waitingTypes.length > 0 ? [{ isTypeOnly: true, moduleSpecifier: WAITING_RUNTIME, namedImports: waitingTypes }] : []),
    ...(body.includes('return paginate(') ? [{ moduleSpecifier: CLIENT_RUNTIME, namedImports: ['paginate'] }] : []),
    ...(waiting.length > 0 ? [{ moduleSpecifier: WAITING_RUNTIME, namedImports: waiting }] : []),
    ...(bodyTypes.length > 0 ? [{ isTypeOnly: true, moduleSpecifier: './types.gen.js', namedImports: bodyTypes }] : []),
    { moduleSpecifier: './operations.gen.js', namespaceImport: 'op' },
  ];
  const name = clientClassName(model);
  // The named body types (types.gen.ts) of merge-patch operations use it, so it is emitted whenever one exists.
  const mergePatch = operations.some((o) => o.requestBody?.mergePatch === true) ? MERGE_PATCH_TYPE : [];
  return renderModule(specHeader(model, documentSources()), imports, [
    ...mergePatch,
    '',
    '// One type per operation of `paths`, named after its operationId.',
    ...operations.map(emitOperationType),
    ...classes.map((c) => `\n${c}`),
    `\n/** The ${model.config.title} client: one namespace per OpenAPI tag. Create it with \`create${name}\`. */`,
    `export class ${name} {`,
    ...namespaces.map((ns) => `  readonly ${ns.name}: ${namespaceClassName(ns.name)};`),
    '  readonly #rt: Runtime;',
    '  /** @internal */',
    '  constructor(rt: Runtime) {',
    '    this.#rt = rt;',
    ...namespaces.map((ns) => `    this.${ns.name} = new ${namespaceClassName(ns.name)}(rt);`),
    '  }',
    // A blank line sets `use` off from the constructor.
    ...emitUse().map((line, i) => `${i === 0 ? '\n' : ''}  ${line}`),
    '}',
  ]);
}
