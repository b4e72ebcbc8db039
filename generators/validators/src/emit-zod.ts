/**
 * JSON Schema (the OpenAPI snapshot's component schemas) -> zod 4 expressions. Component `$ref`s become hoisted
 * constants; enum'd attributes inside the catalogue root are bound to the enums package's catalogues so the value
 * lists exist once.
 */
import {
  SpecError,
  attributeNames,
  childNames,
  componentConstName,
  stringLiteral as literal,
  compareStrings, isRecord, propertyKey, refName, type ApiModel, type Schema, type SchemaObject } from '@x/generator-core';

/** Where a vehicle type's catalogue applies: the request property holding category fields, and its values. */
export type CatalogueBinding = {
  rootProperty: string;
  /** Attribute id (dotted, relative to the root property) -> catalogue ids. */
  attributes: ReadonlyMap<string, readonly string[]>;
  /** Child attribute -> parent attribute (car `model` -> `brand`), both relative to the root property. */
  children: ReadonlyMap<string, string>;
  /** The catalogue file, for error messages. */
  file: string;
};

export type EmitOptions = {
  /** Create and migrate bodies apply schema defaults; update bodies must not (they deep-merge). */
  withDefaults: boolean;
  binding?: CatalogueBinding;
  file?: string;
};

type Hoisted = { name: string; component: string; code: string; withDefaults: boolean };

/** Collects what one module needs: hoisted component constants, enums imports and runtime helpers. */
export class ZodEmitter {
  readonly hoisted: Hoisted[] = [];
  readonly enumImports = new Set<string>();
  readonly runtimeImports = new Set<string>();
  private readonly visiting = new Set<string>();

  constructor(private readonly model: ApiModel, private readonly file = 'openapi.json') {}

  /** The zod expression of a schema at `path` (property names from the request root; list items add nothing). */
  emit(schema: Schema, path: readonly string[], pointer: string, options: EmitOptions): string {
    if (schema === true) return 'z.unknown()';
    if (schema === false) return 'z.never()';
    if (schema.$ref !== undefined) return this.emitRef(schema.$ref, path, pointer, options);
    const nullable = this.nullableInner(schema);
    if (nullable !== undefined) return `${this.emit(nullable, path, pointer, options)}.nullable()`;
    if (schema.oneOf !== undefined || schema.anyOf !== undefined) return this.emitUnion(schema, path, pointer, options);
    if (schema.allOf !== undefined) {
      const [only, ...rest] = schema.allOf;
      if (only === undefined || rest.length > 0) throw new SpecError(this.file, pointer, 'allOf with more than one schema is not supported by the validators generator; inline it');
      return this.emit(only, path, `${pointer}/allOf/0`, options);
    }
    if (schema.const !== undefined) return `z.literal(${code(schema.const)})`;
    if (schema.enum !== undefined) return this.emitEnum(schema.enum, path, pointer, options);
    const types = typesOf(schema);
    const withoutNull = types.filter((t) => t !== 'null');
    const parts = withoutNull.map((type) => this.emitTyped(type, schema, path, pointer, options));
    const base = parts.length === 0 ? (types.includes('null') ? 'z.null()' : 'z.unknown()') : parts.length === 1 ? (parts[0] ?? '') : `z.union([${parts.join(', ')}])`;
    return withoutNull.length > 0 && types.includes('null') ? `${base}.nullable()` : base;
  }

  /** A request body schema emitted whole (its properties, not a reference to a hoisted constant). */
  emitComponentBody(name: string, options: EmitOptions): string {
    return this.emit(this.component(name, `#/components/schemas/${name}`), [], `#/components/schemas/${name}`, options);
  }

  component(name: string, pointer: string): Schema {
    const schema = this.model.schemas[name];
    if (schema === undefined) throw new SpecError(this.file, pointer, `refers to the component schema "${name}", which does not exist`);
    return schema;
  }

  private resolve(schema: Schema, pointer: string): Schema {
    if (isRecord(schema) && typeof schema.$ref === 'string') {
      const name = refName(schema.$ref);
      if (name === undefined) throw new SpecError(this.file, pointer, `only local component refs are supported, got "${schema.$ref}"`);
      return this.resolve(this.component(name, pointer), `#/components/schemas/${name}`);
    }
    return schema;
  }

  private emitRef(ref: string, path: readonly string[], pointer: string, options: EmitOptions): string {
    const name = refName(ref);
    if (name === undefined) throw new SpecError(this.file, pointer, `only local component refs are supported, got "${ref}"`);
    if (this.visiting.has(name)) throw new SpecError(this.file, pointer, `"${name}" refers to itself; recursive request bodies are not supported`);
    this.visiting.add(name);
    const body = this.emit(this.component(name, pointer), path, `#/components/schemas/${name}`, options);
    this.visiting.delete(name);
    const same = this.hoisted.find((h) => h.component === name && h.code === body);
    if (same !== undefined) return same.name;
    const first = this.hoisted.find((h) => h.component === name);
    const withDefaults = first === undefined || options.withDefaults;
    const variant = this.hoisted.filter((h) => h.component === name && h.withDefaults === withDefaults).length + 1;
    const hoisted = { name: componentConstName(name, { withDefaults, variant }), component: name, code: body, withDefaults };
    this.hoisted.push(hoisted);
    return hoisted.name;
  }

  /** `oneOf: [X, {type: 'null'}]` (drf-spectacular's nullable) -> X. */
  private nullableInner(schema: SchemaObject): Schema | undefined {
    const options = schema.oneOf ?? schema.anyOf;
    if (options === undefined || options.length !== 2) return undefined;
    const isNull = (s: Schema) => isRecord(s) && s.type === 'null' && Object.keys(s).every((k) => k === 'type' || k === 'description');
    const others = options.filter((s) => !isNull(s));
    return others.length === 1 ? others[0] : undefined;
  }

  private emitUnion(schema: SchemaObject, path: readonly string[], pointer: string, options: EmitOptions): string {
    const key = schema.oneOf !== undefined ? 'oneOf' : 'anyOf';
    const members = schema.oneOf ?? schema.anyOf ?? [];
    const resolved = members.map((m, i) => this.resolve(m, `${pointer}/${key}/${i}`));
    const objects = resolved.filter((m): m is SchemaObject => isRecord(m) && m.type === 'object' && isRecord(m.properties));
    if (key === 'oneOf' && objects.length === members.length && objects.length > 1) return this.emitOneOfObjects(objects, path, pointer, options);
    return `z.union([${members.map((m, i) => this.emit(m, path, `${pointer}/${key}/${i}`, options)).join(', ')}])`;
  }

  /**
   * `oneOf` over objects (location: coordinates | zipcode | lkf): one object with every alternative's fields, all
   * optional, and a check that exactly one alternative is complete, so errors read like DRF's instead of a union dump.
   */
  private emitOneOfObjects(alternatives: SchemaObject[], path: readonly string[], pointer: string, options: EmitOptions): string {
    const shape = new Map<string, string>();
    const groups: string[][] = [];
    let strict = true;
    alternatives.forEach((alt, i) => {
      const properties = alt.properties ?? {};
      const names = Object.keys(properties).sort(compareStrings);
      groups.push(alt.required !== undefined && alt.required.length > 0 ? [...alt.required].sort(compareStrings) : names);
      if (alt.additionalProperties !== false) strict = false;
      for (const prop of names) {
        const sub = properties[prop];
        if (sub === undefined || shape.has(prop)) continue;
        shape.set(prop, `${this.emit(sub, [...path, prop], `${pointer}/oneOf/${i}/properties/${prop}`, options)}.optional()`);
      }
    });
    this.runtimeImports.add('exactlyOneOf');
    const fields = [...shape.keys()].sort(compareStrings).map((k) => `${propertyKey(k)}: ${shape.get(k) ?? ''}`);
    return `z.${strict ? 'strictObject' : 'looseObject'}({ ${fields.join(', ')} }).superRefine(exactlyOneOf(${code(groups)}))`;
  }

  private emitEnum(values: unknown[], path: readonly string[], pointer: string, options: EmitOptions): string {
    const bound = this.boundCatalogue(values, path, pointer, options);
    if (bound !== undefined) return bound;
    if (values.every((v): v is string => typeof v === 'string')) return `z.enum(${code([...values])})`;
    return `z.literal(${code(values)})`;
  }

  /** `z.enum(brand.ids)` when this enum is a catalogue attribute; throws when the two lists disagree. */
  private boundCatalogue(values: unknown[], path: readonly string[], pointer: string, options: EmitOptions): string | undefined {
    const binding = options.binding;
    if (binding === undefined || path[0] !== binding.rootProperty || path.length < 2) return undefined;
    const attribute = path.slice(1).join('.');
    const ids = binding.attributes.get(attribute);
    if (ids === undefined) return undefined;
    const inSchema = new Set(values.map(String));
    const missing = ids.filter((id) => !inSchema.has(id));
    const extra = [...inSchema].filter((v) => !ids.includes(v));
    if (missing.length > 0 || extra.length > 0) {
      throw new SpecError(
        this.file,
        pointer,
        `the enum of "${attribute}" differs from its catalogue ${binding.file} (only in the catalogue: ${missing.join(', ') || 'none'}; only in the schema: ${extra.join(', ') || 'none'}); pull or reconstruct both together`,
      );
    }
    const names = attributeNames(attribute);
    this.enumImports.add(names.catalogue);
    return `z.enum(${names.catalogue}.ids)`;
  }

  private emitTyped(type: string, schema: SchemaObject, path: readonly string[], pointer: string, options: EmitOptions): string {
    switch (type) {
      case 'string':
        return emitString(schema);
      case 'integer':
      case 'number':
        return emitNumber(type, schema);
      case 'boolean':
        return 'z.boolean()';
      case 'array':
        return this.emitArray(schema, path, pointer, options);
      case 'object':
        return this.emitObject(schema, path, pointer, options);
      default:
        throw new SpecError(this.file, pointer, `type "${type}" is not supported by the validators generator`);
    }
  }

  private emitArray(schema: SchemaObject, path: readonly string[], pointer: string, options: EmitOptions): string {
    const items = schema.items === undefined ? 'z.unknown()' : this.emit(schema.items, path, `${pointer}/items`, options);
    let out = `z.array(${items})`;
    if (schema.minItems !== undefined) out += `.min(${schema.minItems})`;
    if (schema.maxItems !== undefined) out += `.max(${schema.maxItems})`;
    if (schema.uniqueItems === true) {
      this.runtimeImports.add('uniqueItems');
      out += '.superRefine(uniqueItems)';
    }
    return out;
  }

  private emitObject(schema: SchemaObject, path: readonly string[], pointer: string, options: EmitOptions): string {
    const properties = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const names = Object.keys(properties).sort(compareStrings);
    const extra = schema.additionalProperties;
    if (names.length === 0 && extra !== false) {
      return `z.record(z.string(), ${extra === undefined || extra === true ? 'z.unknown()' : this.emit(extra, path, `${pointer}/additionalProperties`, options)})`;
    }
    const fields = names.map((name) => {
      const sub = properties[name] ?? true;
      const expr = this.emit(sub, [...path, name], `${pointer}/properties/${name}`, options);
      return `${propertyKey(name)}: ${required.has(name) ? expr : optional(expr, sub, options)}`;
    });
    const kind = extra === false ? 'strictObject' : 'looseObject';
    let out = `z.${kind}({ ${fields.join(', ')} })`;
    out += this.categoryRules(schema, pointer);
    out += this.childRules(names, path, options);
    return out;
  }

  /** The `x-rules` extension: fields required by category (see the runtime's `requiredByCategory`). */
  private categoryRules(schema: SchemaObject, pointer: string): string {
    const rules = schema['x-rules'];
    if (!isRecord(rules)) return '';
    const ids = rules.registeredCategoryIds;
    const unless = rules.requiredUnlessRegistered;
    const ifReg = rules.requiredIfRegistered;
    if (!Array.isArray(ids) || !Array.isArray(unless) || !Array.isArray(ifReg)) {
      throw new SpecError(this.file, `${pointer}/x-rules`, 'expected {registeredCategoryIds: number[], requiredUnlessRegistered: string[], requiredIfRegistered: string[]}');
    }
    if (unless.length === 0 && ifReg.length === 0) return '';
    const field =
      typeof rules.field === 'string'
        ? rules.field
        : Object.entries(schema.properties ?? {}).find(([, s]) => isRecord(s) && Array.isArray(s.enum) && ids.every((id) => s.enum?.includes(id)))?.[0];
    if (field === undefined) throw new SpecError(this.file, `${pointer}/x-rules`, 'no property lists every registeredCategoryIds value in its enum; add "field" to x-rules');
    this.runtimeImports.add('requiredByCategory');
    return `.superRefine(requiredByCategory(${code({ field, registeredCategoryIds: ids, requiredUnlessRegistered: unless, requiredIfRegistered: ifReg })}))`;
  }

  /** Child catalogues on the catalogue root object: car `model` must be one of the chosen `brand`'s models. */
  private childRules(properties: readonly string[], path: readonly string[], options: EmitOptions): string {
    const binding = options.binding;
    if (binding === undefined || path.length !== 1 || path[0] !== binding.rootProperty) return '';
    let out = '';
    for (const [child, parent] of [...binding.children].sort(([a], [b]) => compareStrings(a, b))) {
      if (!properties.includes(child) || !properties.includes(parent)) continue;
      const names = childNames(child, parent);
      this.enumImports.add(names.catalogue);
      this.runtimeImports.add('childOf');
      out += `.superRefine(childOf(${names.catalogue}, ${code({ parent, child })}))`;
    }
    return out;
  }
}

function typesOf(schema: SchemaObject): string[] {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? [...schema.type] : [schema.type];
  if (schema.nullable === true && !types.includes('null')) types.push('null');
  if (types.length === 0 && schema.properties !== undefined) types.push('object');
  if (types.length === 0 && schema.items !== undefined) types.push('array');
  return types;
}

const STRING_FORMATS: Record<string, string> = {
  email: 'z.email()',
  uri: 'z.url({ protocol: /^https?$/ })',
  url: 'z.url({ protocol: /^https?$/ })',
  uuid: 'z.uuid()',
  'date-time': 'z.iso.datetime({ offset: true })',
  date: 'z.iso.date()',
};

export function emitString(schema: SchemaObject): string {
  let out = (schema.format !== undefined ? STRING_FORMATS[schema.format] : undefined) ?? 'z.string()';
  if (schema.minLength !== undefined) out += `.min(${schema.minLength})`;
  if (schema.maxLength !== undefined) out += `.max(${schema.maxLength})`;
  if (schema.pattern !== undefined) out += `.regex(new RegExp(${literal(schema.pattern)}))`;
  return out;
}

export function emitNumber(type: 'integer' | 'number', schema: SchemaObject): string {
  let out = type === 'integer' ? 'z.int()' : 'z.number()';
  if (schema.minimum !== undefined) out += `.min(${schema.minimum})`;
  if (schema.maximum !== undefined) out += `.max(${schema.maximum})`;
  if (schema.exclusiveMinimum !== undefined) out += `.gt(${schema.exclusiveMinimum})`;
  if (schema.exclusiveMaximum !== undefined) out += `.lt(${schema.exclusiveMaximum})`;
  return out;
}

function optional(expr: string, schema: Schema, options: EmitOptions): string {
  if (options.withDefaults && isRecord(schema) && schema.default !== undefined) return `${expr}.default(${code(schema.default)})`;
  return `${expr}.optional()`;
}

/** A JSON value as source code (single-quoted strings, like every generated file). */
export function code(value: unknown): string {
  if (typeof value === 'string') return literal(value);
  if (Array.isArray(value)) return `[${value.map(code).join(', ')}]`;
  if (isRecord(value)) return `{ ${Object.entries(value).map(([k, v]) => `${propertyKey(k)}: ${code(v)}`).join(', ')} }`;
  return JSON.stringify(value) ?? 'undefined';
}
