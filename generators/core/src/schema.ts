/** The subset of OpenAPI 3.1 schema objects that the generators understand. Unknown keys are kept and ignored. */
export type SchemaObject = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  not?: Schema;
  nullable?: boolean;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  default?: unknown;
  description?: string;
  title?: string;
  example?: unknown;
  examples?: unknown[];
  readOnly?: boolean;
  writeOnly?: boolean;
  deprecated?: boolean;
  [extension: `x-${string}`]: unknown;
};

/** A schema is an object or, in OpenAPI 3.1, `true` (anything) / `false` (nothing). */
export type Schema = SchemaObject | boolean;

const REF_PREFIX = '#/components/schemas/';

/** `#/components/schemas/CarRequest` -> `CarRequest`; undefined for anything else. */
export function refName(ref: string): string | undefined {
  return ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
}

export function schemaRef(name: string): string {
  return `${REF_PREFIX}${name}`;
}

/** The JSON types a schema allows, `null` included when it is nullable in either the 3.0 or the 3.1 way. */
export function schemaTypes(schema: SchemaObject): string[] {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? [...schema.type] : [schema.type];
  if (schema.nullable === true && !types.includes('null')) types.push('null');
  return types;
}

/**
 * The schema drf-spectacular's nullable wrapper `oneOf: [X, {type: 'null'}]` wraps (X, a `$ref` or inline), or
 * undefined for anything else. The null branch may carry a description, nothing else.
 */
export function nullableMember(schema: unknown): Schema | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined;
  const list = (schema as SchemaObject).oneOf ?? (schema as SchemaObject).anyOf;
  if (!Array.isArray(list) || list.length !== 2) return undefined;
  const isNull = (s: Schema) => typeof s === 'object' && s.type === 'null' && Object.keys(s).every((k) => k === 'type' || k === 'description');
  const others = list.filter((s) => !isNull(s));
  return others.length === 1 ? others[0] : undefined;
}
