import {
  catalogueImportPath,
  compareStrings,
  PAYLOAD_KINDS,
  payloadNames,
  type PayloadKind,
  type PayloadTarget,
  stringLiteral as literal,
  type ApiModel,
} from '@x/generator-core';
import { catalogueBinding } from './binding.js';
import { ZodEmitter } from './emit-zod.js';
import { VALIDATION_RUNTIME } from './names.js';

const KIND_WORDS: Record<PayloadKind, string> = {
  create: 'create (POST) body',
  update: 'update (PUT) body',
  patch: 'partial update (PATCH) body',
  migrate: 'migrate body',
};

/** Create and migrate bodies are complete payloads, so defaults apply; updates deep-merge, so they must not. */
export function appliesDefaults(kind: PayloadKind): boolean {
  return kind === 'create' || kind === 'migrate';
}

function emitPayload(key: string, kind: PayloadKind, schemaName: string, body: string): string {
  const names = payloadNames(key, kind);
  return [
    `/** zod schema of the ${key} ${KIND_WORDS[kind]} (\`${schemaName}\`). */`,
    `export const ${names.schema} = ${body};`,
    `/** A valid ${key} ${KIND_WORDS[kind]}, as parsed (defaults applied). */`,
    `export type ${names.type} = z.output<typeof ${names.schema}>;`,
    '/**',
    ` * Validates a ${key} ${KIND_WORDS[kind]} the way the server does; errors come in the server's 400 shape.`,
    ' *',
    ' * @example',
    ` * const outcome = ${names.validate}(body);`,
    ' * if (!outcome.success) console.error(outcome.errors);',
    ' */',
    `export function ${names.validate}(body: unknown): ValidationOutcome<${names.type}> {`,
    `  return runValidation(${names.schema}, body);`,
    '}',
  ].join('\n');
}

/** The body of `validators/<key>.gen.ts`: hoisted component schemas, then one schema + validator per payload kind. */
export function emitValidatorModule(model: ApiModel, target: PayloadTarget): string {
  const emitter = new ZodEmitter(model);
  const binding = catalogueBinding(model, target);
  const payloads: string[] = [];
  for (const kind of PAYLOAD_KINDS) {
    const schemaName = target.schemas[kind];
    if (schemaName === undefined) continue;
    const body = emitter.emitComponentBody(schemaName, { withDefaults: appliesDefaults(kind), ...(binding ? { binding } : {}) });
    payloads.push(emitPayload(target.key, kind, schemaName, body));
  }
  const runtime = [...emitter.runtimeImports, 'runValidation', 'type ValidationOutcome'].sort((a, b) =>
    compareStrings(a.replace(/^type /, ''), b.replace(/^type /, '')),
  );
  const lines = [`import { z } from 'zod';`];
  if (emitter.enumImports.size > 0) {
    const enums = [...emitter.enumImports].sort(compareStrings);
    lines.push(`import { ${enums.join(', ')} } from ${literal(catalogueImportPath(model.config.packages.enums, target.key))};`);
  }
  lines.push(`import { ${runtime.join(', ')} } from ${literal(VALIDATION_RUNTIME)};`);
  const hoisted = emitter.hoisted.map(
    (h) => `/** \`${h.component}\`${h.withDefaults ? '' : ' without defaults (update bodies deep-merge)'}. */\nconst ${h.name} = ${h.code};`,
  );
  return `${[lines.join('\n'), ...hoisted, ...payloads].join('\n\n')}\n`;
}

/** `validators/index.gen.ts`: every module's schemas by key and kind, for `validatePayload`. */
export function emitRegistryModule(targets: readonly PayloadTarget[], modulePath: (key: string) => string): string {
  const imports: string[] = [];
  const rows: string[] = [];
  for (const target of targets) {
    const kinds = PAYLOAD_KINDS.filter((k) => target.schemas[k] !== undefined);
    const names = kinds.map((k) => payloadNames(target.key, k).schema);
    imports.push(`import { ${names.join(', ')} } from ${literal(`./${modulePath(target.key).replace(/^validators\//, '').replace(/\.ts$/, '.js')}`)};`);
    rows.push(`  ${literal(target.key)}: { ${kinds.map((k) => `${k}: ${payloadNames(target.key, k).schema}`).join(', ')} },`);
  }
  return [
    imports.join('\n'),
    '',
    '/** Every payload schema by resource (vehicle type, or `v3`) and kind. Importing this imports every catalogue. */',
    `export const payloadSchemas = {\n${rows.join('\n')}\n} as const;`,
    '',
  ].join('\n');
}
