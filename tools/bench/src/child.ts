/**
 * Servers run in child processes, so the process that measures a client pays only for the client (as against a
 * real server) and the two CPU cores are used the way a deployment would use them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type Child<M> = { ready: M; process: ChildProcess; stop(): Promise<void> };

/** Starts `src/servers/<name>.ts` with `args` and waits for the first message it sends (its address). */
export async function startChild<M>(name: string, args: readonly string[] = []): Promise<Child<M>> {
  const file = fileURLToPath(new URL(`./servers/${name}.ts`, import.meta.url));
  const child = fork(file, [...args], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<M>((resolve, reject) => {
    child.once('message', (message) => resolve(message as M));
    child.once('exit', (code) => reject(new Error(`bench server ${name} exited with ${code} before it was ready`)));
  });
  return {
    ready,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** In a child: tells the parent it is ready, and exits when the parent goes away. */
export function reportReady(message: unknown): void {
  process.send?.(message);
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
