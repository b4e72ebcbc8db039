import * as nodeFs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PullError, describeError } from './errors.js';

/** The file operations the swap uses, injectable so tests can make one fail mid-way. */
export type SnapshotFs = {
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { recursive: true; force: true }): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  writeFile(path: string, contents: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
};

export type ReplaceOptions = {
  /** Top-level entries of the API folder that the pull owns (`openapi.json` and the catalogue folder). */
  entries: readonly string[];
  fs?: SnapshotFs;
};

function siblings(apiDir: string) {
  const parent = dirname(apiDir);
  const name = basename(apiDir);
  return {
    staging: join(parent, `.${name}.pull-staging`),
    backup: join(parent, `.${name}.pull-backup`),
    trash: join(parent, `.${name}.pull-trash`),
  };
}

async function exists(fs: SnapshotFs, path: string): Promise<boolean> {
  return fs.readdir(dirname(path)).then(
    (names) => names.includes(basename(path)),
    () => false,
  );
}

/**
 * Puts back the old snapshot if a previous pull died while swapping (its backup folder is still there), and
 * removes leftovers. Returns true when something was restored.
 *
 * @example
 * if (await recoverSnapshot('spec/pro-import')) console.log('restored the snapshot from an interrupted pull');
 */
export async function recoverSnapshot(apiDir: string, fs: SnapshotFs = nodeFs): Promise<boolean> {
  const { staging, backup, trash } = siblings(apiDir);
  let restored = false;
  if (await exists(fs, backup)) {
    for (const entry of await fs.readdir(backup)) {
      await fs.rm(join(apiDir, entry), { recursive: true, force: true });
      await fs.rename(join(backup, entry), join(apiDir, entry));
    }
    await fs.rm(backup, { recursive: true, force: true });
    restored = true;
  }
  await fs.rm(staging, { recursive: true, force: true });
  await fs.rm(trash, { recursive: true, force: true });
  return restored;
}

/**
 * Replaces the pulled entries of an API folder without ever leaving a mix of old and new files: writes the new
 * files into a staging folder next to it, moves the old entries into a backup folder, moves the new ones in, and
 * only then drops the backup (renamed away first, so a crash after the swap is not mistaken for one during it).
 * A failure rolls back to the old entries; a crash is rolled back by `recoverSnapshot` on the next run.
 * Other files of the folder (api.config.json) are never touched.
 *
 * @example
 * await replaceSnapshot('spec/pro-import', { 'openapi.json': '{...}\n', 'vehicles/car.json': '{...}\n' }, { entries: ['openapi.json', 'vehicles'] });
 */
export async function replaceSnapshot(
  apiDir: string,
  files: Readonly<Record<string, string>>,
  options: ReplaceOptions,
): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const { staging, backup, trash } = siblings(apiDir);
  for (const path of Object.keys(files)) {
    const top = path.split('/')[0] ?? '';
    if (!options.entries.includes(top) || path.split('/').includes('..')) {
      throw new PullError(
        'write',
        `refusing to write ${path}: the pull only replaces ${options.entries.join(', ')}`,
      );
    }
  }
  await recoverSnapshot(apiDir, fs);
  const moved: string[] = [];
  const placed: string[] = [];
  try {
    await fs.mkdir(staging, { recursive: true });
    for (const [path, contents] of Object.entries(files)) {
      await fs.mkdir(dirname(join(staging, path)), { recursive: true });
      await fs.writeFile(join(staging, path), contents);
    }
    await fs.mkdir(backup, { recursive: true });
    for (const entry of options.entries) {
      if (!(await exists(fs, join(apiDir, entry)))) continue;
      await fs.rename(join(apiDir, entry), join(backup, entry));
      moved.push(entry);
    }
    for (const entry of options.entries) {
      if (!(await exists(fs, join(staging, entry)))) continue;
      await fs.rename(join(staging, entry), join(apiDir, entry));
      placed.push(entry);
    }
  } catch (error) {
    const rollback = await rollBack(fs, apiDir, backup, placed, moved);
    await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    const state =
      rollback === undefined
        ? 'the old snapshot is unchanged'
        : `rolling back failed too (${rollback}); run the pull again to restore it`;
    throw new PullError(
      'write',
      `could not replace the snapshot in ${apiDir} (${describeError(error)}); ${state}`,
    );
  }
  await fs.rename(backup, trash);
  await fs.rm(trash, { recursive: true, force: true });
  await fs.rm(staging, { recursive: true, force: true });
}

async function rollBack(
  fs: SnapshotFs,
  apiDir: string,
  backup: string,
  placed: readonly string[],
  moved: readonly string[],
): Promise<string | undefined> {
  try {
    for (const entry of placed) await fs.rm(join(apiDir, entry), { recursive: true, force: true });
    for (const entry of moved) await fs.rename(join(backup, entry), join(apiDir, entry));
    await fs.rm(backup, { recursive: true, force: true });
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}
