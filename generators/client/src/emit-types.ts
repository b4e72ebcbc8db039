import {
  OPENAPI_FILE,
  argumentName,
  SpecError,
  answerTypeName,
  bodyTypeName,
  compareStrings,
  documentSources,
  isRecord,
  renderModule,
  specHeader,
  stringLiteral,
  typeSubjectName,
  type ApiModel,
  type Operation,
} from '@x/generator-core';
import { pathParamsInOrder } from './emit-operations.js';
import { typesView } from './types-view.js';

const CLIENT_RUNTIME = '@x/client-runtime';

/** The named types of one operation: its body's and its answer's, each with the type expression it stands for. */
export type NamedTypes = { body?: { name: string; type: string }; answer?: { name: string; type: string } };

/** `paths['/v4/car']['post']`: one operation of the generated `paths`. */
function pathsOperation(op: Operation): string {
  return `paths[${stringLiteral(op.path)}][${stringLiteral(op.method)}]`;
}

/** The name of the type of an operation's request body (`CarCreateBody`), which its client method takes. */
export function bodyTypeOf(op: Pick<Operation, 'tag' | 'resource' | 'methodName'>): string {
  return bodyTypeName(typeSubjectName(op), op.methodName);
}

/**
 * The fields a body's schema forbids, as the client's types see it (`typesView`: a documented `not: {}` is `never`
 * there, a reconstructed one is dropped), each with its rule in words: `title: must not be sent for a registered
 * vehicle (...)`. The rule is the field's description in the spec, the sentence the documentation gives.
 */
export function forbiddenFields(view: Record<string, unknown>, op: Operation): Array<{ field: string; rule: string }> {
  const operation = (view.paths as Record<string, Record<string, unknown>> | undefined)?.[op.path]?.[op.method];
  const content = isRecord(operation) && isRecord(operation.requestBody) ? operation.requestBody.content : undefined;
  const schema = isRecord(content) && isRecord(content['application/json']) ? content['application/json'].schema : undefined;
  const found = new Map<string, string>();
  const visit = (node: unknown, depth: number): void => {
    if (!isRecord(node) || depth > 4) return;
    if (typeof node.$ref === 'string') return visit(resolve(view, node.$ref), depth + 1);
    for (const part of Array.isArray(node.allOf) ? node.allOf : []) visit(part, depth + 1);
    if (!isRecord(node.properties)) return;
    for (const [field, property] of Object.entries(node.properties)) {
      if (!isRecord(property) || property['x-never'] !== true) continue;
      const description = typeof property.description === 'string' ? property.description.trim().replace(/\.$/, '') : '';
      const rule = description === '' ? 'must not be sent (the API documentation forbids it)' : description.charAt(0).toLowerCase() + description.slice(1);
      found.set(field, `${field}: ${rule}`);
    }
  };
  visit(schema, 0);
  return [...found].map(([field, rule]) => ({ field, rule })).sort((a, b) => compareStrings(a.field, b.field));
}

function resolve(view: Record<string, unknown>, ref: string): unknown {
  const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
  const schemas = isRecord(view.components) ? view.components.schemas : undefined;
  return match === null || !isRecord(schemas) ? undefined : schemas[match[1] ?? ''];
}

/** The named types of one operation (an answer only when the success response has a JSON body). */
export function namedTypesOf(view: Record<string, unknown>, op: Operation): NamedTypes {
  const subject = typeSubjectName(op);
  const operation = pathsOperation(op);
  const out: NamedTypes = {};
  if (op.requestBody !== undefined) {
    const forbidden = forbiddenFields(view, op);
    // A merge-patch body (PATCH): any part of the body, as the method takes it (MergePatch is emitted in client.gen.ts).
    const body = op.requestBody.mergePatch === true ? `MergePatch<RequestBody<${operation}>>` : `RequestBody<${operation}>`;
    const rules = forbidden.map(({ field, rule }) => `${JSON.stringify(field)}: ${stringLiteral(rule)}`).join('; ');
    out.body = { name: bodyTypeOf(op), type: forbidden.length === 0 ? body : `WithForbidden<${body}, { ${rules} }>` };
  }
  const success = op.responses.find((r) => Number(r.status) === op.successStatus);
  if (success?.schema !== undefined) out.answer = { name: answerTypeName(subject, op.methodName), type: `SuccessData<${operation}>` };
  return out;
}

/**
 * `types.gen.ts`: one named type per operation body and answer (`CarCreateBody`, `CarUpdateBody`, `Car`, `CarList`,
 * `AdList`, `ListingCreateBody`, ...), which the client's methods take and users import. A field the documentation
 * forbids in a body is `Forbidden<'<field>: <the documented rule>'>` there, so a compiler error quotes the rule.
 * Two operations that would give one name are refused with the second one's location.
 */
export function emitTypes(model: ApiModel): string {
  const view = typesView(model);
  const operations = model.namespaces
    .flatMap((ns) => ns.operations)
    .sort((a, b) => compareStrings(`${a.namespace}.${a.methodName}`, `${b.namespace}.${b.methodName}`));
  const owners = new Map<string, Operation>();
  const statements: string[] = [];
  for (const op of operations) {
    const named = namedTypesOf(view, op);
    for (const [kind, entry] of [['body', named.body], ['answer', named.answer]] as const) {
      if (entry === undefined) continue;
      const owner = owners.get(entry.name);
      if (owner !== undefined) {
        throw new SpecError(OPENAPI_FILE, op.pointer, `the type name ${entry.name} of this operation's ${kind} is already that of ${owner.operationId}; rename one method in api.config.json methodNames`);
      }
      owners.set(entry.name, op);
      const call = `client.${op.namespace}.${op.methodName}`;
      const args = [...pathParamsInOrder(op).map(argumentName), ...(op.requestBody === undefined ? [] : ['body'])].join(', ');
      const example =
        kind === 'body'
          ? [` * declare const body: ${entry.name};`, ` * await ${call}(${args});`]
          : [` * const answer: ${entry.name} = await ${call}(${args});`];
      statements.push(
        [`/**`, ` * ${kind === 'body' ? 'The body' : 'The answer'} of \`${call}\` (\`${op.method.toUpperCase()} ${op.path}\`).`, ' *', ' * @example', ...example, ' */'].join('\n'),
      );
      statements.push(`export type ${entry.name} = ${entry.type};`);
    }
  }
  const body = statements.join('\n');
  const runtimeTypes = ['RequestBody', 'SuccessData', 'WithForbidden'].filter((name) => new RegExp(`\\b${name}<`).test(body));
  const imports = [
    { isTypeOnly: true, moduleSpecifier: './paths.gen.js', namedImports: ['paths'] },
    ...(runtimeTypes.length > 0 ? [{ isTypeOnly: true, moduleSpecifier: CLIENT_RUNTIME, namedImports: runtimeTypes }] : []),
    ...(/\bMergePatch</.test(body) ? [{ isTypeOnly: true, moduleSpecifier: './client.gen.js', namedImports: ['MergePatch'] }] : []),
  ];
  return renderModule(specHeader(model, documentSources()), imports, ['', ...statements]);
}
