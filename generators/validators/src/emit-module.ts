import {
  catalogueImportPath,
  compareStrings,
  payloadKinds,
  payloadNames,
  type PayloadKind,
  type PayloadTarget,
  stringLiteral as literal,
  isRecord,
  propertyKey,
  SpecError,
  type ApiModel,
  type ConstraintSource,
} from '@x/generator-core';
import { catalogueBinding } from './binding.js';
import { ZodEmitter, code, coercionConstName, type EmitOptions, type Note } from './emit-zod.js';
import { VALIDATION_RUNTIME } from './names.js';

const KIND_WORDS: Record<string, string> = {
  create: 'create (POST) body',
  update: 'update (PUT) body',
  patch: 'partial update (PATCH) body',
  migrate: 'migrate body',
};

function kindWords(target: PayloadTarget, kind: PayloadKind): string {
  return KIND_WORDS[kind] ?? `${kind} (${(target.methods[kind] ?? 'post').toUpperCase()}) body`;
}

/** A POST sends a whole new thing, so schema defaults apply; a PUT or PATCH may merge, so a default must not overwrite. */
export function appliesDefaults(target: PayloadTarget, kind: PayloadKind): boolean {
  return target.methods[kind] === 'post';
}

/**
 * The name under which the validator of a merge-patch kind's merged result is exported: `patch` ->
 * `patchMerged` (`validateCarPatchMerged`, `carPatchMergedSchema`).
 */
export function mergedKind(kind: PayloadKind): string {
  return `${kind}-merged`;
}

/** `merged`: the validator of the stored resource with a merge-patch body merged in, not of the body itself. */
type Emitted = { kind: PayloadKind; schemaName: string; enforced: string; strict: string; notes: Note[]; merged?: boolean; mergePatch?: boolean };

/** One payload kind: its enforced and strict schemas, the notes of what only strict checks, and its validator. */
function emitPayload(target: PayloadTarget, payload: Emitted, sourceName: (source: ConstraintSource) => string, reconstructed: boolean, seen: Map<string, string>): string {
  const key = target.key;
  const names = payloadNames(key, payload.merged === true ? mergedKind(payload.kind) : payload.kind);
  const kind = kindWords(target, payload.kind);
  const words = payload.merged === true ? `${kind} merged into the stored ${key}` : payload.mergePatch === true ? `${kind} (a merge patch: any part, nested objects included)` : kind;
  const strictName = strictSchemaName(names.schema);
  const notesName = `${names.schema.replace(/Schema$/, '')}Notes`;
  const lines = [
    reconstructed
      ? `/** zod schema of the ${key} ${words} (\`${payload.schemaName}\`): the documented rules, what the server is known to refuse. */`
      : `/** zod schema of the ${key} ${words} (\`${payload.schemaName}\`). */`,
    `export const ${names.schema} = ${once(seen, names.schema, payload.enforced)};`,
  ];
  if (reconstructed) {
    lines.push(
      `/** The ${key} ${words} with every rule, the reconstruction's guesses included (\`strict\` mode). */`,
      `export const ${strictName} = ${once(seen, strictName, payload.strict)};`,
    );
  } else {
    lines.push(`/** The same as {@link ${names.schema}}: a live schema has no guesses. */`, `export const ${strictName} = ${names.schema};`);
  }
  const entries = groupNotes(payload.notes).map(
    ([path, byKeyword]) => `  ${literal(path)}: { ${byKeyword.map(([keyword, source]) => `${propertyKey(keyword)}: ${sourceName(source)}`).join(', ')} },`,
  );
  lines.push(
    `/** Rules of the ${words} that are not documented, by field: warnings by default, errors in strict mode. */`,
    entries.length === 0 ? `const ${notesName}: RuleNotes = {};` : `const ${notesName}: RuleNotes = {\n${entries.join('\n')}\n};`,
    `/** A ${key} ${words} that passed the documented rules, as parsed (defaults applied). */`,
    `export type ${names.type} = z.output<typeof ${names.schema}>;`,
    `/** A ${key} ${words} that passed every rule, the reconstruction's included. */`,
    `export type ${strictTypeName(names.type)} = z.output<typeof ${strictName}>;`,
    '/**',
    ` * Validates a ${key} ${words} the way the server does: errors in the server's 400 shape for the documented rules,`,
    ' * warnings for the rules the reconstruction inferred or designed (errors with `{ strict: true }`).',
    ' *',
    ' * @example',
    ` * const outcome = ${names.validate}(body);`,
    ' * if (!outcome.success) console.error(outcome.errors);',
    ' * for (const warning of outcome.warnings) console.warn(warning.path, warning.message);',
    ' */',
    `export function ${names.validate}(body: unknown, options?: ValidateOptions): ValidationOutcome<${names.type}> {`,
    `  return runValidation({ schema: ${names.schema}, strict: ${strictName}, notes: ${notesName} }, body, options);`,
    '}',
  );
  return lines.join('\n');
}

/**
 * The schema's code the first time a module has it, else the name it was given then: PUT and PATCH share one body
 * schema's rules (V4's "functionally equivalent"), and a merged check is often the same as another's.
 */
function once(seen: Map<string, string>, name: string, code: string): string {
  const earlier = seen.get(code);
  if (earlier !== undefined) return earlier;
  seen.set(code, name);
  return code;
}

/** `carCreateSchema` -> `carCreateStrictSchema`. */
export function strictSchemaName(schemaName: string): string {
  return schemaName.replace(/Schema$/, 'StrictSchema');
}

/** `CarCreateInput` -> `CarCreateStrictInput`. */
export function strictTypeName(typeName: string): string {
  return typeName.replace(/Input$/, 'StrictInput');
}

/** Notes grouped by path, keywords sorted. */
function groupNotes(notes: readonly Note[]): Array<[string, Array<[string, ConstraintSource]>]> {
  const byPath = new Map<string, Map<string, ConstraintSource>>();
  for (const note of notes) {
    const entry = byPath.get(note.path) ?? new Map<string, ConstraintSource>();
    entry.set(note.keyword, note.source);
    byPath.set(note.path, entry);
  }
  return [...byPath.keys()].sort(compareStrings).map((path) => [path, [...(byPath.get(path) ?? [])].sort(([a], [b]) => compareStrings(a, b))]);
}

/** The body of `validators/<key>.gen.ts`: sources, hoisted component schemas, then each payload kind's schemas and validator. */
export function emitValidatorModule(model: ApiModel, target: PayloadTarget): string {
  const emitter = new ZodEmitter(model);
  const binding = catalogueBinding(model, target);
  const reconstructed = model.provenance.reconstructed;
  const emitted: Emitted[] = [];
  const emit = (schemaName: string, options: EmitOptions): { enforced: string; strict: string; notes: Note[] } => {
    const enforced = emitter.emitComponentBody(schemaName, { ...options, level: 'enforced' });
    emitter.takeNotes();
    const strict = reconstructed ? emitter.emitComponentBody(schemaName, { ...options, level: 'strict' }) : enforced;
    return { enforced, strict, notes: emitter.takeNotes() };
  };
  for (const kind of payloadKinds(target)) {
    const schemaName = target.schemas[kind];
    if (schemaName === undefined) continue;
    const base = { withDefaults: appliesDefaults(target, kind), ignored: ignoredFields(model, schemaName, target.response), ...(binding ? { binding } : {}) };
    const mergePatch = target.mergePatch.includes(kind);
    emitted.push({ kind, schemaName, ...emit(schemaName, { ...base, mergePatch }), ...(mergePatch ? { mergePatch } : {}) });
  }
  // The rules of a merge-patch kind's schema, checked whole on the stored resource with the body merged in.
  for (const kind of target.mergePatch) {
    const schemaName = target.schemas[kind];
    if (schemaName === undefined) continue;
    const base = { withDefaults: false, ignored: ignoredFields(model, schemaName, target.response), ...(binding ? { binding } : {}) };
    emitted.push({ kind, schemaName, ...emit(schemaName, base), merged: true });
  }
  // Each distinct source once, as a constant the notes refer to.
  const sourceConsts = new Map<string, { name: string; code: string }>();
  const sourceName = (source: ConstraintSource): string => {
    const value = source.kind === 'inferred' || source.kind === 'reconstructed' ? { kind: source.kind, reason: source.reason } : { kind: 'reconstructed', reason: 'not stated by the documentation' };
    const text = code(value);
    const known = sourceConsts.get(text);
    if (known !== undefined) return known.name;
    const name = `SOURCE_${sourceConsts.size + 1}`;
    sourceConsts.set(text, { name, code: text });
    return name;
  };
  const seen = new Map<string, string>();
  const payloads = emitted.map((payload) => emitPayload(target, payload, sourceName, reconstructed, seen));
  const coercions = [...emitter.coercions].sort(compareStrings).map((type) => {
    const rule = model.config.coercion?.[type];
    const value = type === 'boolean' ? rule : { from: rule };
    return `const ${coercionConstName(type)} = coerce(${literal(type)}, ${code(value)});`;
  });
  if (coercions.length > 0) emitter.runtimeImports.add('coerce');
  const runtime = [...emitter.runtimeImports, 'runValidation', 'type RuleNotes', 'type ValidateOptions', 'type ValidationOutcome'].sort((a, b) =>
    compareStrings(a.replace(/^type /, ''), b.replace(/^type /, '')),
  );
  const lines = [`import { z } from 'zod';`];
  if (emitter.enumImports.size > 0) {
    const enumsPackage = model.config.packages.enums;
    if (enumsPackage === undefined) {
      throw new SpecError('api.config.json', '#/packages', `the validators of "${target.key}" use its catalogue, which lives in an enums package: add packages.enums`);
    }
    const enums = [...emitter.enumImports].sort(compareStrings);
    lines.push(`import { ${enums.join(', ')} } from ${literal(catalogueImportPath(enumsPackage, target.key))};`);
  }
  lines.push(`import { ${runtime.join(', ')} } from ${literal(VALIDATION_RUNTIME)};`);
  const sources = [...sourceConsts.values()].map((s) => `const ${s.name} = ${s.code} as const;`);
  const hoisted = emitter.hoisted.map((h) => {
    const what = [
      h.mergePatch ? 'as a merge patch (any part, nested members may be null)' : h.withDefaults ? '' : 'without defaults (update bodies deep-merge)',
      h.level === 'strict' && reconstructed ? 'with every rule (strict)' : '',
    ]
      .filter(Boolean)
      .join(', ');
    return `/** \`${h.component}\`${what === '' ? '' : ` ${what}`}. */\nconst ${h.name} = ${h.code};`;
  });
  const sourcesBlock = sources.length > 0 ? [`/** Where the rules this module only warns about come from (see PROVENANCE.md). */\n${sources.join('\n')}`] : [];
  if (coercions.length > 0) {
    sourcesBlock.push(`/** What the server converts to a field's documented type before it validates it (api.config.json \`coercion\`). */\n${coercions.join('\n')}`);
  }
  return `${[lines.join('\n'), ...sourcesBlock, ...hoisted, ...payloads].join('\n\n')}\n`;
}

/**
 * The fields of the server's answer that the body does not declare (`id`, `state`, ...; `source_id` on an update):
 * a body read back with GET carries them, and the server ignores them, as DRF ignores read-only fields.
 */
export function ignoredFields(model: ApiModel, bodyName: string, responseName: string | undefined): string[] {
  if (responseName === undefined) return [];
  const response = model.schemas[responseName];
  const body = model.schemas[bodyName];
  if (!isRecord(response) || !isRecord(response.properties) || !isRecord(body)) return [];
  const declared = isRecord(body.properties) ? body.properties : {};
  return Object.keys(response.properties).filter((name) => !(name in declared)).sort(compareStrings);
}

/** `validators/index.gen.ts`: every module's schemas by key and kind, for `validatePayload`. */
export function emitRegistryModule(targets: readonly PayloadTarget[], modulePath: (key: string) => string): string {
  const imports: string[] = [];
  const rows: string[] = [];
  for (const target of targets) {
    const kinds = payloadKinds(target);
    const names = [...kinds.map((k) => payloadNames(target.key, k).validate), ...target.mergePatch.map((k) => payloadNames(target.key, mergedKind(k)).validate)];
    imports.push(`import { ${names.join(', ')} } from ${literal(`./${modulePath(target.key).replace(/^validators\//, '').replace(/\.ts$/, '.js')}`)};`);
    rows.push(`  ${literal(target.key)}: { ${kinds.map((k) => `${k}: ${payloadNames(target.key, k).validate}`).join(', ')} },`);
  }
  const merged = targets
    .filter((t) => t.mergePatch.length > 0)
    .map((t) => `  ${literal(t.key)}: { ${t.mergePatch.map((k) => `${k}: ${payloadNames(t.key, mergedKind(k)).validate}`).join(', ')} },`);
  const registry = [
    imports.join('\n'),
    '',
    '/** Every payload validator by resource (or namespace) and kind. Importing this imports every catalogue. */',
    `export const payloadValidators = {\n${rows.join('\n')}\n} as const;`,
    '',
  ];
  if (merged.length === 0) return registry.join('\n');
  return [
    ...registry,
    '/**',
    ' * The kinds whose body is a merge patch, by resource: the validator of the stored resource with such a body merged',
    ' * in (the rules that span a nested object, checked where the server sees them).',
    ' */',
    `export const mergedValidators = {\n${merged.join('\n')}\n} as const;`,
    '',
  ].join('\n');
}
