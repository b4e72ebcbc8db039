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
  readFile(path: string, encoding: 'utf8'): Promise<string>;
};

export type ReplaceOptions = {
  /** Top-level entries of the API folder that the pull owns (`openapi.json` and the catalogue folder). */
  entries: readonly string[];
  /**
   * A file written as part of the same swap (the changeset, outside the API folder): it appears together with the
   * new snapshot, or not at all, whenever the pull is interrupted.
   */
  companion?: { path: string; contents: string };
  fs?: SnapshotFs;
};

/** In the staging folder: the companion file, waiting to be moved into place. */
const STAGED_COMPANION = '.companion';
/** In the backup folder: where the swap put its companion, so a recovery can take it away again. */
const MANIFEST = '.pull-manifest.json';

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
    const names = await fs.readdir(backup);
    if (names.includes(MANIFEST)) {
      // The interrupted swap may have put its changeset in place already: it goes with the snapshot it described.
      const companion = await companionOf(fs, join(backup, MANIFEST));
      if (companion !== undefined) await fs.rm(companion, { recursive: true, force: true });
    }
    for (const entry of names) {
      if (entry === MANIFEST) continue;
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

/** The companion path a manifest names, if it can be read. */
async function companionOf(fs: SnapshotFs, manifest: string): Promise<string | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(manifest, 'utf8')) as { companion?: unknown };
    return typeof parsed.companion === 'string' ? parsed.companion : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Replaces the pulled entries of an API folder without ever leaving a mix of old and new files: writes the new
 * files (and the companion, the changeset) into a staging folder next to it, notes the companion's place in a
 * backup folder, moves the old entries into that backup folder, moves the new ones and the companion in, and only
 * then drops the backup (renamed away first: that rename is the moment the pull is done, so a crash after it is not
 * mistaken for one during the swap). A failure rolls back to the old entries, without the companion; a crash is
 * rolled back the same way by `recoverSnapshot` on the next run, which then pulls and writes both again. So a
 * changeset exists exactly when the snapshot it describes does. Other files of the folder (api.config.json) are
 * never touched.
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
  const companion = options.companion;
  let companionPlaced = false;
  try {
    await fs.mkdir(staging, { recursive: true });
    for (const [path, contents] of Object.entries(files)) {
      await fs.mkdir(dirname(join(staging, path)), { recursive: true });
      await fs.writeFile(join(staging, path), contents);
    }
    if (companion !== undefined) await fs.writeFile(join(staging, STAGED_COMPANION), companion.contents);
    await fs.mkdir(backup, { recursive: true });
    await fs.writeFile(join(backup, MANIFEST), `${JSON.stringify({ companion: companion?.path ?? null })}\n`);
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
    if (companion !== undefined) {
      await fs.mkdir(dirname(companion.path), { recursive: true });
      await fs.rename(join(staging, STAGED_COMPANION), companion.path);
      companionPlaced = true;
    }
  } catch (error) {
    if (companionPlaced && companion !== undefined)
      await fs.rm(companion.path, { recursive: true, force: true }).catch(() => undefined);
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
  // The moment the pull is done: from here on, a recovery keeps the new snapshot and its changeset.
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
