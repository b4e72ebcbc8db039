import { spawn } from 'node:child_process';

export type ExecResult = { code: number; stdout: string; stderr: string };

export type ExecOptions = {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Killed (and reported as failed) after this long. */
  timeoutMs?: number;
  /** Each line of output as it arrives (for long steps); everything is also returned. */
  onLine?: (line: string) => void;
};

/**
 * Runs a command without a shell and collects its output; never throws for a non-zero exit (the caller reports
 * it), only when the command cannot be started.
 *
 * @example
 * const { code, stdout } = await exec('npm', ['--version'], { cwd: process.cwd() });
 */
export function exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    const lines = (chunk: string) => {
      if (options.onLine === undefined) return;
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) options.onLine(line);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      lines(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      lines(chunk);
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            stderr += `\n(killed after ${options.timeoutMs} ms)`;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('error', (error) => {
      if (timer !== undefined) clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      resolve({ code: code ?? (signal === null ? 1 : 128), stdout, stderr });
    });
  });
}

/** The last lines of a command's output, for a failure message. */
export function tail(result: ExecResult, lines = 15): string {
  return `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-lines).join('\n');
}
