/**
 * `PROVENANCE.md`: every constraint of the snapshot that the documentation does not state, grouped by why it is
 * there, so a user can audit the guesses in one place. Written next to the validators that act on it.
 */
import { compareStrings, documentSources, type ApiModel, type Constraint, type ConstraintSource } from '@x/generator-core';

const KIND_WORDS: Record<ConstraintSource['kind'], string> = {
  documented: 'stated by the documentation: refuses',
  live: "the server's own schema: refuses",
  inferred: 'a reading of the documentation: warns (refuses in strict mode)',
  reconstructed: "the reconstruction's design where the documentation is silent: warns (refuses in strict mode)",
};

/** `#/components/schemas/CarCategoryFields/properties/brand/oneOf/0` -> [`CarCategoryFields`, `brand`]. */
export function placeOf(constraint: Constraint): [string, string] {
  const segments = constraint.pointer
    .replace(/^#\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let owner: string;
  let rest: string[];
  if (segments[0] === 'components' && segments[1] === 'schemas') {
    owner = `\`${segments[2] ?? ''}\``;
    rest = segments.slice(3);
  } else if (segments[0] === 'paths') {
    const method = (segments[2] ?? '').toUpperCase();
    owner = `\`${method} ${segments[1] ?? ''}\``;
    // A behaviour of the operation (its own x-rules): named by the rule.
    if (constraint.keyword === 'x-rules' && segments[3] === 'x-rules') return [owner, `rule \`${constraint.property ?? ''}\``];
    const parameter = segments.indexOf('parameters');
    rest = parameter >= 0 ? [`parameter ${segments[parameter + 1] ?? ''}`, ...segments.slice(parameter + 2)] : segments.slice(3);
  } else {
    owner = `\`${segments.join('/')}\``;
    rest = [];
  }
  const field: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const segment = rest[i] ?? '';
    if (segment === 'properties') field.push(rest[++i] ?? '');
    else if (segment === 'items') field.push('[]');
    else if (segment === 'x-rules') field.push(`x-rules[${rest[++i] ?? ''}]`);
    else if (segment.startsWith('parameter ')) field.push(segment);
  }
  const keyword =
    constraint.keyword === 'required' || constraint.keyword === 'parameter.required'
      ? `\`${constraint.property ?? ''}\` required`
      : constraint.keyword === 'x-rules'
        ? 'rule'
        : constraint.keyword;
  const path = field.join('.').replace(/\.\[\]/g, '[]');
  return [owner, path === '' ? keyword : `\`${path}\` ${keyword}`];
}

function reasonOf(source: ConstraintSource): string {
  return source.kind === 'inferred' || source.kind === 'reconstructed' ? source.reason : '';
}

/** The report's text (Markdown), with a generated-file header as an HTML comment. */
export function emitProvenanceReport(model: ApiModel): string {
  const provenance = model.provenance;
  const constraints = provenance.constraints(model.document);
  const counts = new Map<string, number>();
  for (const c of constraints) counts.set(c.source.kind, (counts.get(c.source.kind) ?? 0) + 1);
  const title = model.config.title;
  const lines: string[] = [`# Where the rules of the ${title} snapshot come from`, ''];
  if (!provenance.reconstructed) {
    lines.push(
      `The snapshot is the server's own schema (pulled with \`pnpm spec:pull\`): all ${constraints.length} constraints are \`live\` and the validators, the types and the fake enforce every one of them.`,
      '',
    );
    return lines.join('\n');
  }
  lines.push(
    `The API's own schema is not available to this project, so \`spec/${model.config.name}/openapi.json\` is reconstructed from the public documentation. Every constraint in it says where it comes from (\`x-source\`). Only what the documentation states refuses a body; what the reconstruction inferred or designed is a **warning**: the real server most plausibly accepts it.`,
    '',
    '| source | constraints | what the kit does with them |',
    '| --- | --- | --- |',
    ...(['documented', 'inferred', 'reconstructed'] as const).map((kind) => `| ${kind} | ${counts.get(kind) ?? 0} | ${KIND_WORDS[kind]} |`),
    '',
    '- **Validators**: `validatePayload(resource, kind, body)` answers `{ success, data | errors, warnings }`; each warning names the field, the message and this source. `{ strict: true }` turns the warnings into errors.',
    "- **Client**: `validate: true` refuses on documented rules and passes the warnings to `onWarning`; `validate: 'strict'` refuses on all of them.",
    "- **Types**: a value list or a required field that is not documented does not close the type (`'a' | 'b' | (string & {})`); the JSDoc of such a field says so.",
    '- **Fake**: the testkit accepts what the validators only warn about; `createFake({ strict: true })` refuses it.',
    liveNote(model),
    '',
    'Below, every constraint that is not documented, grouped by the reason it is there.',
  );
  for (const kind of ['reconstructed', 'inferred'] as const) {
    const ofKind = constraints.filter((c) => c.source.kind === kind);
    const byReason = new Map<string, Constraint[]>();
    for (const c of ofKind) byReason.set(reasonOf(c.source), [...(byReason.get(reasonOf(c.source)) ?? []), c]);
    lines.push('', `## ${kind === 'reconstructed' ? 'Reconstructed' : 'Inferred'} (${ofKind.length})`);
    for (const reason of [...byReason.keys()].sort(compareStrings)) {
      const list = byReason.get(reason) ?? [];
      lines.push('', `### ${reason}`, '', `${list.length} constraint${list.length === 1 ? '' : 's'}:`, '');
      // One line per field and keyword, naming every schema it appears in (the same rule recurs per vehicle type).
      const byWhat = new Map<string, string[]>();
      for (const c of list) {
        const [owner, what] = placeOf(c);
        byWhat.set(what, [...(byWhat.get(what) ?? []), owner]);
      }
      for (const what of [...byWhat.keys()].sort(compareStrings)) {
        const owners = [...new Set(byWhat.get(what) ?? [])].sort(compareStrings);
        lines.push(`- ${what}: ${owners.join(', ')}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** How the guesses become the server's own rules, if this API has a schema to pull. */
function liveNote(model: ApiModel): string {
  const auth = model.config.auth;
  if (model.config.schemaUrl === undefined || auth.type !== 'api-key') {
    return "- **Making them live**: this API publishes no schema document, so there is nothing to pull; the reconstruction is revised by hand from the documentation.";
  }
  return `- **Making them live**: \`${auth.tokenEnv}=... pnpm spec:pull\` replaces the snapshot with the server's own schema and catalogues; every constraint is then \`live\` and refuses, and the drift summary counts the guesses the server confirmed.`;
}

/** The report as a generated file, its header naming the document it was made from. */
export function provenanceHeader(sha256: string): string {
  return `<!-- This file is generated by \`pnpm generate\` from ${documentSources()[0]} (sha256 ${sha256}). Do not edit it by hand. -->\n\n`;
}
