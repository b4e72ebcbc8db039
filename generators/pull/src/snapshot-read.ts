import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CONFIG_FILE,
  OPENAPI_FILE,
  compareStrings,
  isRecord,
  parseCatalogue,
  snapshotFilesSha256,
  type ApiConfig,
  type Catalogue,
} from '@x/generator-core';
import type { SpecData } from './drift.js';

/**
 * Reads the current snapshot for comparison. Lenient on purpose: a missing or broken snapshot is exactly what a
 * pull repairs, so unreadable parts count as empty and are reported as notes instead of failing.
 *
 * @example
 * const { data, notes } = await readSnapshot('spec/pro-import', config);
 */
export async function readSnapshot(
  apiDir: string,
  config: ApiConfig,
): Promise<{ data: SpecData; notes: string[] }> {
  const notes: string[] = [];
  let document: Record<string, unknown> = {};
  const text = await readFile(join(apiDir, OPENAPI_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) {
    notes.push(`no ${OPENAPI_FILE} yet: everything counts as added`);
  } else {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isRecord(parsed)) document = parsed;
    } catch {
      notes.push(`the current ${OPENAPI_FILE} is not valid JSON: everything counts as added`);
    }
  }
  const catalogues: Record<string, Catalogue> = {};
  if (config.catalogue === undefined) return { data: { document, catalogues }, notes };
  const dir = join(apiDir, config.catalogue.dir);
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((n) => n.endsWith('.json'))
    .sort(compareStrings);
  for (const name of names) {
    const resource = name.slice(0, -'.json'.length);
    try {
      catalogues[resource] = parseCatalogue(
        JSON.parse(await readFile(join(dir, name), 'utf8')),
        resource,
        name,
      );
    } catch {
      notes.push(
        `the current catalogue ${config.catalogue.dir}/${name} is unreadable: its values count as added`,
      );
    }
  }
  return { data: { document, catalogues }, notes };
}

/**
 * The sha256 `loadSpec` computes for a snapshot with these files, so the changeset names the spec hash that
 * `pnpm generate` will load.
 *
 * @example
 * snapshotSha256(configText, { 'openapi.json': '...', 'vehicles/car.json': '...' }, 'vehicles');
 */
export function snapshotSha256(
  configText: string,
  files: Readonly<Record<string, string>>,
  catalogueDir: string | undefined,
): string {
  const catalogueFiles = Object.keys(files)
    .filter(
      (path) =>
        catalogueDir !== undefined &&
        path.startsWith(`${catalogueDir}/`) &&
        path.endsWith('.json') &&
        !path.slice(catalogueDir.length + 1).includes('/'),
    )
    .sort(compareStrings);
  const hashed: Array<[string, string]> = [
    [CONFIG_FILE, configText],
    [OPENAPI_FILE, files[OPENAPI_FILE] ?? ''],
    ...catalogueFiles.map((path): [string, string] => [path, files[path] ?? '']),
  ];
  return snapshotFilesSha256(hashed);
}
