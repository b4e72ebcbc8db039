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
