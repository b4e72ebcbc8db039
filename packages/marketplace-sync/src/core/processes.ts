import { readFileSync } from 'node:fs';

/** What `/proc/<pid>` says of a process (Linux). */
export type ProcessInfo = { ppid: number; state: string; command: string; startTicks: string };

/** `/proc/<pid>` facts; undefined where there is no /proc (macOS) or no such process. */
export function processInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ... starttime(22nd)": comm may hold spaces and parentheses, so read after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { ppid: Number(fields[1]), state: fields[0] ?? '', command, startTicks: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

/**
 * Whether a process runs (a zombie does not). With `startTicks` (from `processInfo`), a process that took over the
 * pid since is not the one asked about.
 */
export function isRunning(pid: number, startTicks?: string): boolean {
  const info = processInfo(pid);
  if (info !== undefined) return info.state !== 'Z' && info.state !== 'X' && (startTicks === undefined || startTicks === '' || info.startTicks === startTicks);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
