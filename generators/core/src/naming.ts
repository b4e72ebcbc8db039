/**
 * All naming in one place: spec names -> identifiers and file names. Generators never build a name themselves.
 */

const WORD_SPLIT = /[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/;

function words(name: string): string[] {
  return name.split(WORD_SPLIT).filter((w) => w.length > 0);
}

/** `agriculture-thresher` -> `agricultureThresher`; `pole_position` -> `polePosition`. */
export function camelCase(name: string): string {
  const [first = '', ...rest] = words(name);
  return safeIdentifier(first.toLowerCase() + rest.map(capitalize).join(''));
}

/** `agriculture-thresher` -> `AgricultureThresher`. */
export function pascalCase(name: string): string {
  return safeIdentifier(words(name).map(capitalize).join(''));
}

/** `powertrain.fuel` -> `POWERTRAIN_FUEL`. */
export function constantCase(name: string): string {
  return safeIdentifier(words(name).map((w) => w.toUpperCase()).join('_'));
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await',
]);

/** Makes a name usable as a variable: no leading digit, no reserved word. Property names need no such care. */
export function safeIdentifier(name: string): string {
  const base = /^[0-9]/.test(name) ? `_${name}` : name === '' ? '_' : name;
  return RESERVED.has(base) ? `${base}_` : base;
}

/** A property key as it must be written in source: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** File name (without extension) of a resource's module: `agriculture-thresher` stays as is, `Foo Bar` -> `foo-bar`. */
export function moduleFileName(name: string): string {
  return words(name)
    .map((w) => w.toLowerCase())
    .join('-');
}

/** The namespace a tag becomes on the client. */
export function namespaceName(tag: string, overrides: Readonly<Record<string, string>>): string {
  return overrides[tag] ?? camelCase(tag);
}

const PARAM = /^\{[^}]+\}$/;

/**
 * The REST naming rule, relative to a namespace's collection path:
 * `POST /` create, `GET /` list, `GET|PUT|PATCH|DELETE /{id}` get|update|patch|delete,
 * `* /{id}/<action>` and `* /<action>` -> camelCase(action). Anything else has no rule (undefined).
 */
export function restMethodName(method: string, relativePath: string): string | undefined {
  const segments = relativePath.split('/').filter((s) => s.length > 0);
  const isParam = (s: string | undefined) => s !== undefined && PARAM.test(s);
  if (segments.length === 0) return method === 'post' ? 'create' : method === 'get' ? 'list' : undefined;
  if (segments.length === 1 && isParam(segments[0])) {
    return ({ get: 'get', put: 'update', patch: 'patch', delete: 'delete' } as Record<string, string>)[method];
  }
  const last = segments[segments.length - 1];
  const [first] = segments;
  if (segments.length === 2 && isParam(first) && last !== undefined && !isParam(last)) return camelCase(last);
  if (segments.length === 1 && first !== undefined) return camelCase(first);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Names of generated modules and their exports. Every generator that refers to another generator's output spells
// it through these, so the two can never disagree.

/** `car` -> `car.gen.ts`: a resource's catalogue module, relative to the enums package's `src/generated/`. */
export function catalogueModulePath(resource: string): string {
  return `${moduleFileName(resource)}.gen.ts`;
}

/** `@x/pro-import-enums` + `agriculture-thresher` -> `@x/pro-import-enums/agriculture-thresher`. */
export function catalogueImportPath(enumsPackage: string, resource: string): string {
  return `${enumsPackage}/${moduleFileName(resource)}`;
}

/** The names exported for one attribute: `powertrain.fuel` -> `powertrainFuel`, `PowertrainFuel`, `isPowertrainFuel`. */
export type AttributeNames = { catalogue: string; type: string; guard: string };

export function attributeNames(attributeId: string): AttributeNames {
  const pascal = pascalCase(attributeId);
  return { catalogue: camelCase(attributeId), type: pascal, guard: `is${pascal}` };
}

/** The names exported for a child catalogue: `model` under `brand` -> `modelByBrand`, `ModelOfBrand`. */
export type ChildNames = { catalogue: string; type: string };

export function childNames(attributeId: string, parentId: string): ChildNames {
  return { catalogue: `${camelCase(attributeId)}By${pascalCase(parentId)}`, type: `${pascalCase(attributeId)}Of${pascalCase(parentId)}` };
}

/** `car` -> `validators/car.gen.ts`: a validators module, relative to the client package's `src/generated/`. */
export function validatorModulePath(key: string): string {
  return `validators/${moduleFileName(key)}.gen.ts`;
}

/** `car` -> `./validators/car.gen.js`: how a file in `src/generated/` imports a validators module. */
export function validatorImportPath(key: string): string {
  return `./${validatorModulePath(key).replace(/\.ts$/, '.js')}`;
}

/** `car`, `create` -> `carCreateSchema`, `CarCreateInput`, `validateCarCreate`. */
export function payloadNames(key: string, kind: string): { schema: string; type: string; validate: string } {
  const pascal = `${pascalCase(key)}${pascalCase(kind)}`;
  return { schema: `${camelCase(key)}${pascalCase(kind)}Schema`, type: `${pascal}Input`, validate: `validate${pascal}` };
}

/**
 * A hoisted component schema: `RegisteredLocation` -> `registeredLocationSchema`; the variant without defaults (for
 * update bodies) of a component that has some -> `v3PriceNoDefaultsSchema`; the merge-patch variant (every member
 * optional, see the validators' `mergePatch`) -> `contactMergePatchSchema`; any further variant gets a number.
 */
export function componentConstName(component: string, options: { withDefaults: boolean; variant: number; strict?: boolean; mergePatch?: boolean }): string {
  const base = `${camelCase(component)}${options.mergePatch === true ? 'MergePatch' : options.withDefaults ? '' : 'NoDefaults'}${options.strict === true ? 'Strict' : ''}Schema`;
  return options.variant > 1 ? `${base}${options.variant}` : base;
}

/** `agricultureThresher` -> `AgricultureThresherNamespace`: the class of one client namespace. */
export function namespaceClassName(namespace: string): string {
  return `${pascalCase(namespace)}Namespace`;
}

/**
 * What a namespace's named types are called after: its resource (`car` -> `Car`, `agriculture-thresher` ->
 * `AgricultureThresher`), else its tag in the singular (`ad` -> `Ad`, `listings` -> `Listing`, `media` -> `Media`).
 */
export function typeSubjectName(namespace: { tag: string; resource?: string }): string {
  if (namespace.resource !== undefined) return pascalCase(namespace.resource);
  const tag = pascalCase(namespace.tag);
  return /[^s]s$/.test(tag) ? tag.slice(0, -1) : tag;
}

/** `Car` + `create` -> `CarCreateBody`: the named type of an operation's request body. */
export function bodyTypeName(subject: string, methodName: string): string {
  return `${subject}${pascalCase(methodName)}Body`;
}

/**
 * The named type of an operation's answer: `get` -> `Car`, `list` -> `CarList`, anything else -> `CarCreateResult`.
 */
export function answerTypeName(subject: string, methodName: string): string {
  if (methodName === 'get') return subject;
  if (methodName === 'list') return `${subject}List`;
  return `${subject}${pascalCase(methodName)}Result`;
}

/** `v4_car_create` -> `V4CarCreate`: the type alias of one operation of `paths`. */
export function operationTypeName(operationId: string): string {
  return pascalCase(operationId);
}

/**
 * `v4_car_create` -> `v4CarCreate`: the constant holding one operation's runtime facts in `operations.gen.ts`. One
 * constant per operation (not one object of all) so that a bundler drops the operations an app never calls.
 */
export function operationConstName(operationId: string): string {
  return camelCase(operationId);
}

/** `source_id` -> `sourceId`: a path parameter as a positional argument. */
export function argumentName(parameter: string): string {
  return camelCase(parameter);
}
