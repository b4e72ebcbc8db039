/**
 * Where each constraint of a snapshot comes from, and whether the generated code enforces it.
 *
 * A reconstructed document (one with `info['x-reconstructed']`) must say, for every constraint keyword of every
 * schema, where the rule comes from, in an `x-source` object beside the keywords:
 *
 * ```json
 * { "type": "string", "pattern": "^[0-9]+$",
 *   "x-source": { "*": { "kind": "documented", "doc": "v4", "quote": "..." },
 *                 "pattern": { "kind": "reconstructed", "reason": "..." } } }
 * ```
 *
 * `"*"` is the source of every constraint keyword of that node (not of its children) that has no entry of its own;
 * `required` may be one source for every entry or one per property name; an `x-rules` entry (of a schema: a rule
 * across its fields; of an operation: a behaviour of the server, such as an answer in some state) carries its own
 * `source`. A source may also be written as the id of an entry of `components['x-sources']`, so a sentence quoted
 * in hundreds of places is stored once. A document without `info['x-reconstructed']` is the server's own (pulled live): every constraint is
 * `live`. Only `documented` and `live` constraints refuse; `inferred` and `reconstructed` ones are warnings (and
 * errors in strict mode).
 */
import { SpecError, pointer as jsonPointer } from './errors.js';
import { isRecord } from './json.js';

export type SourceKind = 'documented' | 'inferred' | 'reconstructed' | 'live';

/** Where one constraint comes from: the sentence it rests on (documented), the reasoning (inferred), our design (reconstructed). */
export type ConstraintSource =
  | { kind: 'documented'; doc: string; quote: string }
  | { kind: 'inferred' | 'reconstructed'; reason: string }
  | { kind: 'live' };

/** Keywords that restrict what a schema accepts, so each needs a source. */
export const CONSTRAINT_KEYWORDS = [
  'type',
  'enum',
  'const',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'required',
  'additionalProperties',
  'oneOf',
  'not',
  'default',
] as const;
export type ConstraintKeyword = (typeof CONSTRAINT_KEYWORDS)[number];

/** The extension key that holds a node's sources. */
export const SOURCE_KEY = 'x-source';
/** `components['x-sources']`: sources by id, for `x-source` entries that name one instead of spelling it out. */
export const REGISTRY_KEY = 'x-sources';
const LIVE: ConstraintSource = { kind: 'live' };

/** Whether a document is a reconstruction (its constraints carry sources) rather than the server's own. */
export function isReconstructedDocument(document: Record<string, unknown>): boolean {
  return isRecord(document.info) && isRecord(document.info['x-reconstructed']);
}

/** Whether a constraint from this source refuses by default (documented or live) rather than warns. */
export function isEnforced(source: ConstraintSource): boolean {
  return source.kind === 'documented' || source.kind === 'live';
}

/** Parses one source object; throws a SpecError naming the pointer when it is malformed. */
export function parseSource(raw: unknown, file: string, at: string): ConstraintSource {
  if (!isRecord(raw)) throw new SpecError(file, at, `expected a source object {kind, ...}, got ${JSON.stringify(raw) ?? 'nothing'}`);
  const kind = raw.kind;
  if (kind === 'documented') {
    if (typeof raw.doc !== 'string' || raw.doc === '' || typeof raw.quote !== 'string' || raw.quote === '') {
      throw new SpecError(file, at, 'a documented source needs "doc" (which document) and "quote" (the sentence it rests on)');
    }
    return { kind, doc: raw.doc, quote: raw.quote };
  }
  if (kind === 'inferred' || kind === 'reconstructed') {
    if (typeof raw.reason !== 'string' || raw.reason === '') throw new SpecError(file, at, `an ${kind} source needs a "reason"`);
    return { kind, reason: raw.reason };
  }
  if (kind === 'live') return LIVE;
  throw new SpecError(file, at, `unknown source kind ${JSON.stringify(kind)}; use documented, inferred, reconstructed or live`);
}

/** One constraint of a document: where it is, what it says and where it comes from. */
export type Constraint = {
  /** JSON pointer of the schema node (or parameter, or `x-rules` entry). */
  pointer: string;
  keyword: ConstraintKeyword | 'x-rules' | 'parameter.required';
  /** The property a `required` entry names, the rule name of an `x-rules` entry. */
  property?: string;
  value: unknown;
  source: ConstraintSource;
};

/** Whether a node constrains through `keyword` (a `type: 'null'` branch of a union only widens, so it does not). */
export function hasConstraint(node: Record<string, unknown>, keyword: ConstraintKeyword, inUnion: boolean): boolean {
  const value = node[keyword];
  if (value === undefined) return false;
  switch (keyword) {
    case 'type':
      return !(inUnion && value === 'null');
    case 'additionalProperties':
      return value === false;
    case 'uniqueItems':
      return value === true;
    case 'required':
      return Array.isArray(value) && value.length > 0;
    case 'oneOf':
      return Array.isArray(value) && value.filter((branch) => !isNullBranch(branch)).length > 1;
    default:
      return true;
  }
}

function isNullBranch(branch: unknown): boolean {
  return isRecord(branch) && branch.type === 'null';
}

/** Reads sources of one document; `reconstructed` documents must have one for every constraint. */
export class Provenance {
  readonly reconstructed: boolean;
  private readonly registry: Record<string, unknown>;
  private readonly parsed = new Map<string, ConstraintSource>();

  constructor(
    document: Record<string, unknown>,
    private readonly file = 'openapi.json',
  ) {
    this.reconstructed = isReconstructedDocument(document);
    const components = isRecord(document.components) ? document.components : {};
    this.registry = isRecord(components[REGISTRY_KEY]) ? components[REGISTRY_KEY] : {};
  }

  /** A source written inline or as the id of a `components['x-sources']` entry. */
  private source(raw: unknown, at: string): ConstraintSource {
    if (typeof raw !== 'string') return parseSource(raw, this.file, at);
    const known = this.parsed.get(raw);
    if (known !== undefined) return known;
    if (!Object.hasOwn(this.registry, raw)) throw new SpecError(this.file, at, `names the source "${raw}", which is not in components/${REGISTRY_KEY}`);
    const source = parseSource(this.registry[raw], this.file, jsonPointer('components', REGISTRY_KEY, raw));
    this.parsed.set(raw, source);
    return source;
  }

  /**
   * The source of `keyword` on `node` (for `required`, of the entry `property`). Live documents answer `live`;
   * reconstructed ones throw a SpecError at `at` when the source is missing.
   */
  sourceOf(node: Record<string, unknown>, keyword: ConstraintKeyword, at: string, property?: string): ConstraintSource {
    if (!this.reconstructed) return LIVE;
    const sources = node[SOURCE_KEY];
    const where = `${at}/${SOURCE_KEY}`;
    if (sources !== undefined && !isRecord(sources)) throw new SpecError(this.file, where, 'expected an object of sources by keyword');
    const own = sources?.[keyword];
    if (keyword === 'required' && property !== undefined && isRecord(own) && own.kind === undefined) {
      const entry = own[property];
      if (entry !== undefined) return this.source(entry, `${where}/required/${property}`);
    } else if (own !== undefined) {
      return this.source(own, `${where}/${keyword}`);
    }
    const fallback = sources?.['*'];
    if (fallback !== undefined) return this.source(fallback, `${where}/*`);
    const what = property === undefined ? `"${keyword}"` : `"required" entry "${property}"`;
    throw new SpecError(
      this.file,
      at,
      `the constraint ${what} has no source: add "${SOURCE_KEY}": {"${keyword}": {"kind": "documented" | "inferred" | "reconstructed", ...}} (or "*" for every keyword of this schema)`,
    );
  }

  /** Whether the generated code refuses on this constraint by default. */
  enforces(node: Record<string, unknown>, keyword: ConstraintKeyword, at: string, property?: string): boolean {
    return isEnforced(this.sourceOf(node, keyword, at, property));
  }

  /** The source of an `x-rules` entry (its own `source`). */
  ruleSource(rule: Record<string, unknown>, at: string): ConstraintSource {
    if (!this.reconstructed) return LIVE;
    if (rule.source === undefined) throw new SpecError(this.file, at, 'the x-rules entry has no "source"');
    return this.source(rule.source, `${at}/source`);
  }

  /** The source of a query parameter's `required: true` (path parameters are always required). */
  parameterSource(param: Record<string, unknown>, at: string): ConstraintSource {
    if (!this.reconstructed) return LIVE;
    const raw = isRecord(param[SOURCE_KEY]) ? param[SOURCE_KEY].required : undefined;
    if (raw === undefined) {
      throw new SpecError(this.file, at, `the parameter "${String(param.name)}" is required but has no source: add "${SOURCE_KEY}": {"required": {...}}`);
    }
    return this.source(raw, `${at}/${SOURCE_KEY}/required`);
  }

  /** Every constraint of the document, in document order; throws on the first one without a source. */
  constraints(document: Record<string, unknown>): Constraint[] {
    const out: Constraint[] = [];
    // `x-rules` of a schema (a rule across fields) or of an operation (a behaviour of the server: an answer in some
    // state), each with its own source.
    const visitRules = (node: Record<string, unknown>, at: string): void => {
      const rules = node['x-rules'];
      if (!Array.isArray(rules)) return;
      rules.forEach((rule, i) => {
        const ruleAt = `${at}/x-rules/${i}`;
        if (!isRecord(rule)) throw new SpecError(this.file, ruleAt, 'expected an x-rules object');
        out.push({ pointer: ruleAt, keyword: 'x-rules', property: String(rule.rule), value: rule, source: this.ruleSource(rule, ruleAt) });
      });
    };
    const visitSchema = (node: unknown, at: string, inUnion: boolean): void => {
      if (!isRecord(node)) return;
      for (const keyword of CONSTRAINT_KEYWORDS) {
        if (!hasConstraint(node, keyword, inUnion)) continue;
        if (keyword === 'required') {
          for (const property of node.required as unknown[]) {
            if (typeof property !== 'string') continue;
            out.push({ pointer: at, keyword, property, value: property, source: this.sourceOf(node, keyword, at, property) });
          }
          continue;
        }
        out.push({ pointer: at, keyword, value: node[keyword], source: this.sourceOf(node, keyword, at) });
      }
      visitRules(node, at);
      if (isRecord(node.properties)) {
        for (const [name, sub] of Object.entries(node.properties)) visitSchema(sub, `${at}/properties/${escape(name)}`, false);
      }
      for (const key of ['items', 'additionalProperties', 'not'] as const) visitSchema(node[key], `${at}/${key}`, false);
      for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
        const list = node[key];
        if (Array.isArray(list)) list.forEach((sub, i) => visitSchema(sub, `${at}/${key}/${i}`, key !== 'allOf'));
      }
    };
    const visitContent = (content: unknown, at: string): void => {
      if (!isRecord(content)) return;
      for (const [type, media] of Object.entries(content)) {
        if (isRecord(media)) visitSchema(media.schema, `${at}/${escape(type)}/schema`, false);
      }
    };
    const visitParameters = (list: unknown, at: string): void => {
      if (!Array.isArray(list)) return;
      list.forEach((param, i) => {
        const paramAt = `${at}/${i}`;
        if (!isRecord(param)) return;
        if (param.required === true && param.in !== 'path') {
          out.push({ pointer: paramAt, keyword: 'parameter.required', property: String(param.name), value: true, source: this.parameterSource(param, paramAt) });
        }
        visitSchema(param.schema, `${paramAt}/schema`, false);
      });
    };
    const components = isRecord(document.components) ? document.components : {};
    const schemas = isRecord(components.schemas) ? components.schemas : {};
    for (const [name, schema] of Object.entries(schemas)) visitSchema(schema, jsonPointer('components', 'schemas', name), false);
    const paths = isRecord(document.paths) ? document.paths : {};
    for (const [path, item] of Object.entries(paths)) {
      if (!isRecord(item)) continue;
      const itemAt = jsonPointer('paths', path);
      visitParameters(item.parameters, `${itemAt}/parameters`);
      for (const [method, op] of Object.entries(item)) {
        if (!isRecord(op) || method === 'parameters') continue;
        const opAt = `${itemAt}/${method}`;
        visitParameters(op.parameters, `${opAt}/parameters`);
        visitRules(op, opAt);
        if (isRecord(op.requestBody)) visitContent(op.requestBody.content, `${opAt}/requestBody/content`);
        if (isRecord(op.responses)) {
          for (const [status, response] of Object.entries(op.responses)) {
            if (isRecord(response)) visitContent(response.content, `${opAt}/responses/${status}/content`);
          }
        }
      }
    }
    return out;
  }
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** One line for a user: what kind of rule this is and why (for JSDoc notes, warnings and the report). */
export function describeSource(source: ConstraintSource): string {
  switch (source.kind) {
    case 'documented':
      return `documented (${source.doc}): "${source.quote}"`;
    case 'inferred':
      return `inferred: ${source.reason}`;
    case 'reconstructed':
      return `reconstructed: ${source.reason}`;
    case 'live':
      return 'live (the server\'s own schema)';
  }
}
