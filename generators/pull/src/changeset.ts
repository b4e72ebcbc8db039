import { compareStrings, type ApiConfig } from '@x/generator-core';
import type { DriftItem, DriftReport } from './drift.js';

export type Bump = 'major' | 'minor' | 'patch';

const RANK: Record<Bump, number> = { patch: 0, minor: 1, major: 2 };

/** Removing something users rely on breaks them; adding does not; anything else is a patch. */
export function bumpOf(item: DriftItem): Bump {
  if (item.kind === 'metadata') return 'patch';
  // Confirmed guesses now refuse where they only warned: a body that passed may fail.
  if (item.kind === 'provenance') return item.confirmed > 0 ? 'major' : 'patch';
  return item.change === 'removed' ? 'major' : 'minor';
}

function touchesEnums(item: DriftItem): boolean {
  return (
    item.kind === 'attribute' ||
    (item.kind === 'enum' && item.source === 'catalogue') ||
    (item.kind === 'metadata' && item.resource !== undefined)
  );
}

function touchesClient(item: DriftItem): boolean {
  return (
    item.kind === 'endpoint' ||
    item.kind === 'field' ||
    item.kind === 'enum' ||
    item.kind === 'attribute' ||
    item.kind === 'provenance'
  );
}

/**
 * Which packages a drift affects and how: enums when catalogue values changed, the client when endpoints, fields
 * or accepted values changed, the testkit (a fake of the whole API) on any change.
 *
 * @example
 * planBumps(report, config.packages); // [{ name: '@x/pro-import-client', bump: 'minor' }, ...]
 */
export function planBumps(
  report: DriftReport,
  packages: ApiConfig['packages'],
): Array<{ name: string; bump: Bump }> {
  const rules: Array<[string, (item: DriftItem) => boolean]> = [
    ...(packages.enums === undefined ? [] : ([[packages.enums, touchesEnums]] as Array<[string, (item: DriftItem) => boolean]>)),
    [packages.client, touchesClient],
    [packages.testkit, () => true],
  ];
  const out: Array<{ name: string; bump: Bump }> = [];
  for (const [name, applies] of rules) {
    const bumps = report.items.filter(applies).map(bumpOf);
    if (bumps.length === 0) continue;
    out.push({ name, bump: bumps.reduce((a, b) => (RANK[b] > RANK[a] ? b : a)) });
  }
  return out.sort((a, b) => compareStrings(a.name, b.name));
}

/** `a`, `b`, `c` and 4 more: long value lists are cut so one line stays readable. */
export function listValues(values: readonly string[], max = 5): string {
  const shown = values
    .slice(0, max)
    .map((v) => `\`${v}\``)
    .join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

/** One sentence per change, in the words of someone using the packages. */
export function describeChange(item: DriftItem): string {
  switch (item.kind) {
    case 'endpoint': {
      const endpoint = `\`${item.method.toUpperCase()} ${item.path}\``;
      return item.change === 'added' ? `New endpoint ${endpoint}.` : `Endpoint ${endpoint} was removed.`;
    }
    case 'field':
      return item.change === 'added'
        ? `${item.resource}: new request field \`${item.field}\`.`
        : `${item.resource}: request field \`${item.field}\` was removed.`;
    case 'attribute':
      return item.change === 'added'
        ? `${item.resource}: new attribute \`${item.attribute}\` with its values.`
        : `${item.resource}: attribute \`${item.attribute}\` and its values were removed.`;
    case 'enum': {
      const subject =
        item.parent === undefined ? `\`${item.field}\`` : `\`${item.field}\` for \`${item.parent}\``;
      return item.change === 'added'
        ? `${item.resource}: ${subject} accepts new values ${listValues(item.values)}.`
        : `${item.resource}: ${subject} no longer accepts ${listValues(item.values)}.`;
    }
    case 'metadata':
      return item.resource === undefined
        ? `OpenAPI document: ${item.what}.`
        : `${item.resource}: ${item.what}.`;
    case 'provenance':
      return provenanceSentence(item);
  }
}

function provenanceSentence(item: Extract<DriftItem, { kind: 'provenance' }>): string {
  return (
    `The snapshot is now the server's own schema: ${item.confirmed} reconstructed or inferred constraints moved to live ` +
    `(the validators now refuse on them instead of warning), ${item.dropped} are not in the live schema (dropped), ` +
    `${item.documented} documented ones are confirmed.`
  );
}

/**
 * The changes as lines, at most `maxLines`; the rest are counted in one closing line.
 *
 * @example
 * changeLines(report, 2); // ['New endpoint `GET /v4/car/{source_id}/bump`.', 'car: ...', '...and 7 more changes.']
 */
export function changeLines(report: DriftReport, maxLines = 40): string[] {
  const lines = report.items.map(describeChange);
  if (lines.length <= maxLines) return lines;
  return [...lines.slice(0, maxLines), `...and ${lines.length - maxLines} more changes.`];
}

export type ChangesetInput = {
  report: DriftReport;
  packages: ApiConfig['packages'];
  title: string;
  date: string;
  shortSha: string;
};

/**
 * A changeset file (`.changeset/*.md`) for a drift, or undefined when nothing changed.
 *
 * @example
 * renderChangeset({ report, packages: config.packages, title: 'Blocket Pro Import API', date: '2025-01-31', shortSha: 'a1b2c3d4' });
 */
export function renderChangeset(input: ChangesetInput): string | undefined {
  const bumps = planBumps(input.report, input.packages);
  if (bumps.length === 0) return undefined;
  const header = bumps.map(({ name, bump }) => `"${name}": ${bump}`).join('\n');
  const lines = changeLines(input.report)
    .map((line) => `- ${line}`)
    .join('\n');
  return `---\n${header}\n---\n\n${input.title}: spec pulled on ${input.date} (${input.shortSha}).\n\n${lines}\n`;
}

/** The drift summary printed to the terminal, grouped: endpoints, then each resource. */
export function renderSummary(report: DriftReport): string[] {
  if (report.items.length === 0) return ['no drift: the live API matches the snapshot'];
  const out: string[] = [];
  const endpoints = report.items.filter((i) => i.kind === 'endpoint');
  if (endpoints.length > 0) {
    out.push('endpoints:');
    for (const e of endpoints)
      out.push(`  ${e.change === 'added' ? '+' : '-'} ${e.method.toUpperCase()} ${e.path}`);
  }
  const resources = [
    ...new Set(
      report.items.flatMap((i) => ('resource' in i && i.resource !== undefined ? [i.resource] : [])),
    ),
  ];
  for (const resource of resources) {
    out.push(`${resource}:`);
    for (const item of report.items) {
      if (item.kind === 'provenance' || !('resource' in item) || item.resource !== resource) continue;
      out.push(`  ${summaryLine(item)}`);
    }
  }
  for (const item of report.items) {
    if (item.kind === 'metadata' && item.resource === undefined) out.push(`document: ${item.what}`);
    if (item.kind === 'provenance') {
      out.push(`provenance: ${item.confirmed} reconstructed/inferred constraints moved to live, ${item.dropped} dropped, ${item.documented} documented confirmed`);
    }
  }
  return out;
}

function summaryLine(item: Exclude<DriftItem, { kind: 'provenance' }>): string {
  const sign = item.kind === 'metadata' ? '~' : item.change === 'added' ? '+' : '-';
  switch (item.kind) {
    case 'field':
      return `${sign} field ${item.field}`;
    case 'attribute':
      return `${sign} attribute ${item.attribute}`;
    case 'enum':
      return `${sign} ${item.field}${item.parent === undefined ? '' : ` for ${item.parent}`}: ${item.values.join(', ')}`;
    case 'metadata':
      return `${sign} ${item.what}`;
    case 'endpoint':
      return `${sign} ${item.method.toUpperCase()} ${item.path}`;
  }
}
