/**
 * JSON Schema (the OpenAPI snapshot's component schemas) -> zod 4 expressions. Component `$ref`s become hoisted
 * constants; enum'd attributes inside the catalogue root are bound to the enums package's catalogues so the value
 * lists exist once.
 *
 * Every schema is emitted at one of two levels. `enforced` keeps only the constraints whose source is documented
 * or live (what refuses by default): a constraint the reconstruction inferred or designed is left out, and a node
 * whose very type is a guess accepts anything. `strict` keeps every constraint, and notes where each one that is not
 * enforced comes from, so the runtime can report it as a warning with its reason.
 */
import {
  CONSTRAINT_KEYWORDS,
  SpecError,
  attributeNames,
  childNames,
  componentConstName,
  hasConstraint,
  nullableMember,
  isEnforced,
  jsonLiteral,
  stringLiteral as literal,
  compareStrings, isRecord, propertyKey, refName, type ApiModel, type ConstraintSource, type Schema, type SchemaObject } from '@x/generator-core';

/** Where a vehicle type's catalogue applies: the request property holding category fields, and its values. */
export type CatalogueBinding = {
  rootProperty: string;
  /** Attribute id (dotted, relative to the root property) -> catalogue ids. */
  attributes: ReadonlyMap<string, readonly string[]>;
  /** Child attribute -> parent attribute (car `model` -> `brand`), both relative to the root property. */
  children: ReadonlyMap<string, string>;
  /** The catalogue file, for error messages. */
  file: string;
  /** Where the catalogue's values come from: `live` after a pull, else the reconstruction's note. */
  source: ConstraintSource;
};

/** `enforced`: documented and live constraints only (what refuses by default); `strict`: every constraint. */
export type Level = 'enforced' | 'strict';

export type EmitOptions = {
  /** Create and migrate bodies apply schema defaults; update bodies must not (they deep-merge). */
  withDefaults: boolean;
  /** Default `strict`. */
  level?: Level;
  binding?: CatalogueBinding;
  /** Keys of the body's root the server ignores (fields of its answer that a request cannot set). */
  ignored?: readonly string[];
  /**
   * The body is a merge patch of the schema: nothing is required at any depth, a member of a nested object may be
   * `null` (the merge removes it), the checks that span an object's fields (`oneOf` completeness, `x-rules`) are
   * left to the merged result, and list items stay whole (a list replaces the stored one).
   */
  mergePatch?: boolean;
  file?: string;
};

/** A constraint the strict level checks but the enforced level does not: where it applies and why it exists. */
export type Note = { path: string; keyword: string; source: ConstraintSource };

type Hoisted = { name: string; component: string; code: string; withDefaults: boolean; level: Level; mergePatch: boolean };

/** Collects what one module needs: hoisted component constants, enums imports and runtime helpers. */
export class ZodEmitter {
  readonly hoisted: Hoisted[] = [];
  readonly enumImports = new Set<string>();
  readonly runtimeImports = new Set<string>();
  /** The scalar types whose server-side conversion (api.config.json `coercion`) the emitted schemas apply. */
  readonly coercions = new Set<CoercedType>();
  /** Constraints only the strict level checks, collected while emitting at that level (see `takeNotes`). */
  private notes: Note[] = [];
  private readonly visiting = new Set<string>();

  constructor(private readonly model: ApiModel, private readonly file = 'openapi.json') {}

  /** The notes collected since the last call, one per path and keyword, sorted. */
  takeNotes(): Note[] {
    const unique = new Map<string, Note>();
    for (const note of this.notes) unique.set(`${note.path}\0${note.keyword}`, note);
    this.notes = [];
    return [...unique.values()].sort((a, b) => compareStrings(a.path, b.path) || compareStrings(a.keyword, b.keyword));
  }

  /** The zod expression of a schema at `path` (property names from the request root; list items add nothing). */
  emit(schema: Schema, path: readonly string[], pointer: string, options: EmitOptions): string {
    if (schema === true) return 'z.unknown()';
    if (schema === false) return 'z.never()';
    if (schema.$ref !== undefined) return this.emitRef(schema.$ref, path, pointer, options);
    const nullable = nullableMember(schema);
    if (nullable !== undefined) {
      const inner = this.emit(nullable, path, pointer, options);
      return inner === 'z.unknown()' ? inner : `${inner}.nullable()`;
    }
    const seen = this.view(schema, path, pointer, options);
    if (seen === true) return 'z.unknown()';
    return this.emitViewed(seen, path, pointer, options);
  }

  /**
   * The schema as the level sees it: at `enforced`, constraints that are not documented or live are removed (a
   * guessed `type` makes the node accept anything); at `strict`, everything stays and each such constraint is noted.
   */
  private view(schema: SchemaObject, path: readonly string[], pointer: string, options: EmitOptions): SchemaObject | true {
    const provenance = this.model.provenance;
    if (!provenance.reconstructed) return schema;
    const strict = (options.level ?? 'strict') === 'strict';
    const at = path.join('.');
    const out: SchemaObject = { ...schema };
    for (const keyword of CONSTRAINT_KEYWORDS) {
      if (!hasConstraint(schema, keyword, false) || (keyword === 'type' && schema.type === 'null')) continue;
      if (keyword === 'required') {
        if (options.mergePatch === true) {
          out.required = [];
          continue;
        }
        const kept = (schema.required ?? []).filter((property) => {
          const source = provenance.sourceOf(schema, 'required', pointer, property);
          if (isEnforced(source)) return true;
          if (strict) this.notes.push({ path: [...path, property].join('.'), keyword: 'required', source });
          return strict;
        });
        out.required = kept;
        continue;
      }
      const source = provenance.sourceOf(schema, keyword, pointer);
      if (isEnforced(source)) continue;
      if (strict) {
        this.notes.push({ path: at, keyword, source });
        continue;
      }
      if (keyword === 'type') return true;
      // A guessed `oneOf` over objects still merges the alternatives; only "exactly one of them" is not checked.
      if (keyword === 'oneOf') out['x-exclusive'] = false;
      else delete out[keyword];
    }
    if (Array.isArray(schema['x-rules']) && options.mergePatch !== true) {
      out['x-rules'] = schema['x-rules'].filter((rule, i) => {
        if (!isRecord(rule)) return true;
        const source = provenance.ruleSource(rule, `${pointer}/x-rules/${i}`);
        if (isEnforced(source)) return true;
        if (strict) {
          const fields = Array.isArray(rule.required) ? rule.required : Array.isArray(rule.alternatives) ? rule.alternatives.flat() : [];
          for (const field of fields) this.notes.push({ path: [...path, String(field)].join('.'), keyword: 'x-rules', source });
        }
        return strict;
      });
    }
    return out;
  }

  private emitViewed(schema: SchemaObject, path: readonly string[], pointer: string, options: EmitOptions): string {
    const coerced = this.coercedType(schema, pointer);
    if (coerced === undefined) return this.emitChecked(schema, path, pointer, options);
    // The server converts this value to its type first: the documented rules check the converted value, and the
    // strict level, which keeps the type as documented, notes why the unconverted one is only a warning.
    if ((options.level ?? 'strict') === 'strict') {
      if (this.model.provenance.reconstructed) this.notes.push({ path: path.join('.'), keyword: 'type', source: this.coercionSource() });
      return this.emitChecked(schema, path, pointer, options);
    }
    this.coercions.add(coerced);
    return `z.preprocess(${coercionConstName(coerced)}, ${this.emitChecked(schema, path, pointer, options)})`;
  }

  /** The scalar type the server converts values to for this node (its documented type), if `coercion` covers it. */
  private coercedType(schema: SchemaObject, pointer: string): CoercedType | undefined {
    const rules = this.model.config.coercion;
    if (rules === undefined || schema.not !== undefined) return undefined;
    const types = typesOf(schema).filter((t) => t !== 'null');
    const [type] = types;
    if (types.length !== 1 || type === undefined || !isCoercedType(type) || rules[type] === undefined) return undefined;
    if (!isEnforced(this.model.provenance.sourceOf(schema, 'type', pointer))) return undefined;
    return type;
  }

  private coercionSource(): ConstraintSource {
    return { kind: 'inferred', reason: this.model.config.coercion?.reason ?? 'The server converts this value to the documented type.' };
  }

  private emitChecked(schema: SchemaObject, path: readonly string[], pointer: string, options: EmitOptions): string {
    if (schema.not !== undefined) {
      if (schema.not === true || (isRecord(schema.not) && Object.keys(schema.not).length === 0)) return 'z.never()';
      const excluded = notValues(schema.not);
      if (excluded === undefined) {
        throw new SpecError(this.file, `${pointer}/not`, 'only `not: {}` (a field that must not be sent) and `not: {const}` / `not: {enum}` (values refused here) are supported by the validators generator');
      }
      const { not: _not, ...rest } = schema;
      this.runtimeImports.add('noneOf');
      return `${this.emitChecked(rest, path, pointer, options)}.superRefine(noneOf(${code(excluded)}))`;
    }
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
    const level = options.level ?? 'strict';
    const mergePatch = options.mergePatch === true;
    const first = this.hoisted.find((h) => h.component === name && h.level === level && h.mergePatch === mergePatch);
    const withDefaults = first === undefined || options.withDefaults;
    const variant = this.hoisted.filter((h) => h.component === name && h.withDefaults === withDefaults && h.level === level && h.mergePatch === mergePatch).length + 1;
    const strict = level === 'strict' && this.model.provenance.reconstructed;
    const hoisted = { name: componentConstName(name, { withDefaults, variant, strict, mergePatch }), component: name, code: body, withDefaults, level, mergePatch };
    this.hoisted.push(hoisted);
    return hoisted.name;
  }

  private emitUnion(schema: SchemaObject, path: readonly string[], pointer: string, options: EmitOptions): string {
    const key = schema.oneOf !== undefined ? 'oneOf' : 'anyOf';
    const members = schema.oneOf ?? schema.anyOf ?? [];
    const resolved = members.map((m, i) => this.resolve(m, `${pointer}/${key}/${i}`));
    const objects = resolved.filter((m): m is SchemaObject => isRecord(m) && m.type === 'object' && isRecord(m.properties));
    if (key === 'oneOf' && objects.length === members.length && objects.length > 1) {
      return this.emitOneOfObjects(schema, objects, path, pointer, options);
    }
    return `z.union([${members.map((m, i) => this.emit(m, path, `${pointer}/${key}/${i}`, options)).join(', ')}])`;
  }

  /**
   * `oneOf` over objects (location: coordinates | zipcode | lkf): one object with every alternative's fields (and
   * the oneOf node's own properties, such as a field that must not be sent), all optional, and a check that one
   * alternative is chosen and complete, so errors read like DRF's instead of a union dump. When the exclusivity is
   * not enforced, only the completeness of what was sent is checked.
   */
  private emitOneOfObjects(parent: SchemaObject, alternatives: SchemaObject[], path: readonly string[], pointer: string, options: EmitOptions): string {
    const shape = new Map<string, string>();
    const groups: Array<{ keys: string[]; required: string[] }> = [];
    let closed = true;
    const patch = options.mergePatch === true;
    const add = (properties: Record<string, Schema>, at: string) => {
      for (const prop of Object.keys(properties).sort(compareStrings)) {
        const sub = properties[prop];
        if (sub === undefined || shape.has(prop)) continue;
        const expr = this.emit(sub, [...path, prop], `${at}/properties/${prop}`, options);
        shape.set(prop, `${patch ? nullablePatch(expr) : expr}.optional()`);
      }
    };
    add(parent.properties ?? {}, pointer);
    alternatives.forEach((alternative, i) => {
      const at = `${pointer}/oneOf/${i}`;
      const seen = this.view(alternative, path, this.pointerOf(parent.oneOf?.[i], at), options);
      if (seen === true) return;
      const keys = Object.keys(seen.properties ?? {}).sort(compareStrings);
      groups.push({ keys, required: [...(seen.required ?? [])].sort(compareStrings) });
      if (seen.additionalProperties !== false) closed = false;
      add(seen.properties ?? {}, at);
    });
    const fields = [...shape.keys()].sort(compareStrings).map((k) => `${propertyKey(k)}: ${shape.get(k) ?? ''}`);
    // In a merge patch the alternative is chosen and completed by the stored object and the patch together.
    if (patch) return `z.${closed ? 'strictObject' : 'looseObject'}({ ${fields.join(', ')} })`;
    this.runtimeImports.add('exactlyOneOf');
    const exclusive = parent['x-exclusive'] !== false;
    return `z.${closed ? 'strictObject' : 'looseObject'}({ ${fields.join(', ')} }).superRefine(exactlyOneOf(${code(groups)}${exclusive ? '' : ', { exclusive: false }'}))`;
  }

  /** The pointer of a (possibly `$ref`'d) member: the component it names, else where it is written. */
  private pointerOf(member: Schema | undefined, at: string): string {
    const name = isRecord(member) && typeof member.$ref === 'string' ? refName(member.$ref) : undefined;
    return name === undefined ? at : `#/components/schemas/${name}`;
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
    // A list replaces the stored one whole, so its items are checked whole even in a merge patch.
    const items = schema.items === undefined ? 'z.unknown()' : this.emit(schema.items, path, `${pointer}/items`, { ...options, mergePatch: false });
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
    const required = new Set(options.mergePatch === true ? [] : (schema.required ?? []));
    const names = Object.keys(properties).sort(compareStrings);
    const extra = schema.additionalProperties;
    if (names.length === 0 && extra !== false) {
      return `z.record(z.string(), ${extra === undefined || extra === true ? 'z.unknown()' : this.emit(extra, path, `${pointer}/additionalProperties`, options)})`;
    }
    // A member of a nested object in a merge patch may be null: the merge removes it.
    const removable = options.mergePatch === true && path.length > 0;
    const fields = names.map((name) => {
      const sub = properties[name] ?? true;
      const emitted = this.emit(sub, [...path, name], `${pointer}/properties/${name}`, options);
      const expr = removable ? nullablePatch(emitted) : emitted;
      return { name, code: `${propertyKey(name)}: ${required.has(name) ? expr : optional(expr, sub, options)}` };
    });
    // Fields of the answer that a body cannot set (read back with GET and sent again): ignored, like DRF's read-only fields.
    if (path.length === 0) {
      for (const name of options.ignored ?? []) {
        if (!(name in properties)) fields.push({ name, code: `${propertyKey(name)}: z.unknown().optional()` });
      }
      fields.sort((a, b) => compareStrings(a.name, b.name));
    }
    const kind = extra === false ? 'strictObject' : 'looseObject';
    let out = `z.${kind}({ ${fields.map((f) => f.code).join(', ')} })`;
    if (options.mergePatch !== true) out += this.categoryRules(schema, pointer);
    out += this.childRules(names, path, options);
    return out;
  }

  /** The `x-rules` extension: fields required for some categories only (see the runtime's `requiredForCategories`). */
  private categoryRules(schema: SchemaObject, pointer: string): string {
    const rules = schema['x-rules'];
    if (rules === undefined) return '';
    if (!Array.isArray(rules)) throw new SpecError(this.file, `${pointer}/x-rules`, 'expected an array of rules');
    let out = '';
    rules.forEach((rule, i) => {
      const at = `${pointer}/x-rules/${i}`;
      if (isRecord(rule) && rule.rule === 'required-one-of-for-categories') {
        const { field, categories, alternatives } = rule;
        if (typeof field !== 'string' || !Array.isArray(categories) || !Array.isArray(alternatives) || !alternatives.every((a) => Array.isArray(a) && a.every((f) => typeof f === 'string'))) {
          throw new SpecError(this.file, at, 'expected {"field": string, "categories": [ids], "alternatives": [[field names], ...]}');
        }
        this.runtimeImports.add('requiredOneOfForCategories');
        out += `.superRefine(requiredOneOfForCategories(${code({ field, categories, alternatives })}))`;
        return;
      }
      if (!isRecord(rule) || rule.rule !== 'required-for-categories') {
        throw new SpecError(
          this.file,
          at,
          'unknown rule; the validators generator knows {"rule": "required-for-categories", "field", "categories", "required", "source"} and {"rule": "required-one-of-for-categories", "field", "categories", "alternatives", "source"}',
        );
      }
      const { field, categories, required } = rule;
      if (typeof field !== 'string' || !Array.isArray(categories) || !Array.isArray(required) || !required.every((r) => typeof r === 'string')) {
        throw new SpecError(this.file, at, 'expected {"field": string, "categories": [ids], "required": [field names]}');
      }
      if (required.length === 0 || categories.length === 0) return;
      this.runtimeImports.add('requiredForCategories');
      out += `.superRefine(requiredForCategories(${code({ field, categories, required })}))`;
    });
    return out;
  }

  /** Child catalogues on the catalogue root object: car `model` must be one of the chosen `brand`'s models. */
  private childRules(properties: readonly string[], path: readonly string[], options: EmitOptions): string {
    const binding = options.binding;
    if (binding === undefined || path.length !== 1 || path[0] !== binding.rootProperty) return '';
    const strict = (options.level ?? 'strict') === 'strict';
    const enforced = isEnforced(binding.source);
    if (!enforced && !strict) return '';
    let out = '';
    for (const [child, parent] of [...binding.children].sort(([a], [b]) => compareStrings(a, b))) {
      if (!properties.includes(child) || !properties.includes(parent)) continue;
      if (!enforced) this.notes.push({ path: [...path, child].join('.'), keyword: 'enum', source: binding.source });
      const names = childNames(child, parent);
      this.enumImports.add(names.catalogue);
      this.runtimeImports.add('childOf');
      out += `.superRefine(childOf(${names.catalogue}, ${code({ parent, child })}))`;
    }
    return out;
  }
}

/** The scalar types a server may convert values to (see api.config.json `coercion`). */
export type CoercedType = 'string' | 'integer' | 'number' | 'boolean';
const COERCED_TYPES: readonly string[] = ['string', 'integer', 'number', 'boolean'];

function isCoercedType(type: string): type is CoercedType {
  return COERCED_TYPES.includes(type);
}

/** `boolean` -> `COERCE_BOOLEAN`: the module constant holding the conversion of one type. */
export function coercionConstName(type: CoercedType): string {
  return `COERCE_${type.toUpperCase()}`;
}

/** The values `not: {const}` or `not: {enum}` refuses, or undefined for another `not`. */
function notValues(not: unknown): unknown[] | undefined {
  if (!isRecord(not)) return undefined;
  const keys = Object.keys(not).filter((k) => k !== 'x-source' && k !== 'description');
  if (keys.length === 1 && keys[0] === 'const') return [not.const];
  if (keys.length === 1 && keys[0] === 'enum' && Array.isArray(not.enum)) return not.enum;
  return undefined;
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
  if (schema.multipleOf !== undefined) out += `.multipleOf(${schema.multipleOf})`;
  return out;
}

/** `expr` also accepting `null` (unless it already does, or accepts anything). */
function nullablePatch(expr: string): string {
  return expr === 'z.unknown()' || expr.endsWith('.nullable()') ? expr : `${expr}.nullable()`;
}

function optional(expr: string, schema: Schema, options: EmitOptions): string {
  if (options.withDefaults && isRecord(schema) && schema.default !== undefined) return `${expr}.default(${code(schema.default)})`;
  return `${expr}.optional()`;
}

/** A JSON value as source code (single-quoted strings, like every generated file). */
export const code = jsonLiteral;
