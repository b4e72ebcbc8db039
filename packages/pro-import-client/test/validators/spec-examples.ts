import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The snapshot the validators were generated from, read as data (tests only; runtime code never reads the spec). */
const SPEC = fileURLToPath(new URL('../../../../spec/pro-import/openapi.json', import.meta.url));

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export type SpecExample = { resource: string; kind: 'create' | 'update' | 'patch' | 'migrate'; operationId: string; example: unknown };

const KIND_BY_SUFFIX: Array<[RegExp, SpecExample['kind']]> = [
  [/_migrate_create$/, 'migrate'],
  [/_partial_update$/, 'patch'],
  [/_update$/, 'update'],
  [/_create$/, 'create'],
];

/** Every request-body example of the snapshot's create/update/patch/migrate operations, with its resource. */
export function specExamples(): SpecExample[] {
  const document = JSON.parse(readFileSync(SPEC, 'utf8')) as Json;
  const schemas = isRecord(document.components) && isRecord(document.components.schemas) ? document.components.schemas : {};
  const out: SpecExample[] = [];
  for (const item of Object.values(isRecord(document.paths) ? document.paths : {})) {
    if (!isRecord(item)) continue;
    for (const op of Object.values(item)) {
      if (!isRecord(op) || typeof op.operationId !== 'string' || !isRecord(op.requestBody)) continue;
      if (op.operationId.includes('_validate_')) continue;
      const kind = KIND_BY_SUFFIX.find(([re]) => re.test(String(op.operationId)))?.[1];
      const tag = Array.isArray(op.tags) ? String(op.tags[0]) : '';
      const content = isRecord(op.requestBody.content) ? op.requestBody.content['application/json'] : undefined;
      if (kind === undefined || !isRecord(content) || !isRecord(content.schema)) continue;
      const ref = String(content.schema.$ref ?? '');
      const named = schemas[ref.replace('#/components/schemas/', '')];
      const example = content.example ?? (isRecord(named) ? named.example : undefined);
      if (example === undefined) continue;
      out.push({ resource: tag, kind, operationId: op.operationId, example });
    }
  }
  return out.sort((a, b) => (a.operationId < b.operationId ? -1 : 1));
}
