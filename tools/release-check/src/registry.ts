import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Registry = {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** A publish token of the registry's one user. */
  token: string;
  /** The `.npmrc` lines that point the `@x` scope at this registry and authenticate to it. */
  npmrc(options?: { auth?: boolean }): string;
  close(): Promise<void>;
};

const LAUNCHER = fileURLToPath(new URL('./verdaccio-server.cjs', import.meta.url));

/**
 * A throwaway Verdaccio on 127.0.0.1 and a free port, storing into `dir`: no uplinks (nothing is proxied, so an
 * `@x` package can only come from what the check published), publishing for its one user. It stops when `close()`
 * is called or when this process exits (it watches its stdin).
 *
 * @example
 * const registry = await startRegistry({ dir: '/tmp/rc', verdaccio: prefix });
 */
export async function startRegistry(options: { dir: string; verdaccio: string }): Promise<Registry> {
  await mkdir(join(options.dir, 'storage'), { recursive: true });
  const config = join(options.dir, 'config.yaml');
  await writeFile(
    config,
    [
      `storage: ${JSON.stringify(join(options.dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(options.dir, 'htpasswd'))}`,
      '    max_users: 1',
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      'log: { type: stdout, format: pretty, level: error }',
      'max_body_size: 200mb',
      '',
    ].join('\n'),
  );
  const child = spawn(process.execPath, [LAUNCHER, options.verdaccio, config], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Verdaccio did not start within 60 s:\n${output}`)), 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /^(\d+)\n/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (output += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Verdaccio exited with ${code} before it listened:\n${output}`));
    });
  });
  const url = `http://127.0.0.1:${port}/`;
  const close = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const user = 'release-check';
    const answer = await fetch(`${url}-/user/org.couchdb.user:${user}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: user, password: 'release-check-password' }),
    });
    const body = (await answer.json()) as { token?: string };
    if (!answer.ok || typeof body.token !== 'string') throw new Error(`Verdaccio refused to create a user: HTTP ${answer.status} ${JSON.stringify(body)}`);
    const token = body.token;
    const host = url.replace(/^http:/, '');
    return {
      url,
      token,
      npmrc: ({ auth = false } = {}) => `@x:registry=${url}\n${auth ? `${host}:_authToken=${token}\n` : ''}`,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
