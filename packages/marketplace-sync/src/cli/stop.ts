import { isRunning, processInfo, type ProcessInfo } from '../core/processes.js';

/** Why a run was asked to stop: a signal, or the process that started it is gone. */
export class Interrupted extends Error {
  readonly why: 'signal' | 'parent';
  constructor(message: string, why: 'signal' | 'parent') {
    super(message);
    this.name = 'Interrupted';
    this.why = why;
  }
}

/** A shell that only runs a script's command line (`sh -c "node ..."`): its own parent is what the user started. */
function isScriptShell(info: ProcessInfo): boolean {
  return /^(\S*\/)?(sh|bash|dash|zsh)\s+-c\s/.test(info.command);
}

/**
 * The processes whose end means the user's command is gone: the parent, and when the parent is the shell of a
 * package-manager script (`pnpm sync` runs `sh -c "..."`), the package manager above it too.
 */
export function watchedAncestors(ppid: number = process.ppid): number[] {
  const pids = [ppid];
  const parent = processInfo(ppid);
  if (parent !== undefined && isScriptShell(parent) && parent.ppid > 1) pids.push(parent.ppid);
  return pids;
}

export type StopOptions = {
  /** Called once, on the first request to stop (a signal, or the parent gone), with why. */
  onStop: (reason: Interrupted) => void;
  /** Called on a second signal, before the process exits at once (release locks, say so). */
  onForceExit: (signal: string) => void;
  /**
   * Stop when the process that started this one is gone (`kill -9` of `pnpm sync`): default on when a package
   * manager started the command (its scripts set `npm_execpath`), off otherwise (`nohup marketplace-sync ...` must
   * survive its terminal).
   */
  watchParent?: boolean;
  /** How often the parent is checked. Default 250 ms. */
  intervalMs?: number;
};

/**
 * Turns SIGINT, SIGTERM and SIGHUP into a stop request (the run sends nothing more, records what it knows and
 * exits 2), a second one into an exit at once (the journal is written line by line, so it is intact), and the end
 * of the process that started the command (a package manager killed with SIGKILL, which cannot forward anything)
 * into a stop request too. Answers a function that removes every handler.
 *
 * @example
 * const controller = new AbortController();
 * const dispose = stopOnSignals({ onStop: (why) => controller.abort(why), onForceExit: () => undefined });
 */
export function stopOnSignals(options: StopOptions): () => void {
  let stopping = false;
  const stop = (reason: Interrupted) => {
    if (stopping) return;
    stopping = true;
    options.onStop(reason);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.onForceExit(signal);
      process.exit(2);
    }
    stop(new Interrupted(`interrupted (${signal})`, 'signal'));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, onSignal);
  let timer: NodeJS.Timeout | undefined;
  const watch = options.watchParent ?? process.env.npm_execpath !== undefined;
  if (watch) {
    const first = process.ppid;
    const pids = watchedAncestors(first);
    timer = setInterval(() => {
      const gone = process.ppid !== first ? first : pids.find((pid) => !isRunning(pid));
      if (gone === undefined) return;
      clearInterval(timer);
      stop(new Interrupted(`the command that started the sync (pid ${gone}) is gone`, 'parent'));
    }, options.intervalMs ?? 250);
    timer.unref();
  }
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
    if (timer !== undefined) clearInterval(timer);
  };
}
