import { SingleBar, Presets } from 'cli-progress';

/** What the pull reports while it works: a bar on a terminal, one line per phase elsewhere (CI logs). */
export type Progress = {
  phase(name: string, total: number): void;
  tick(): void;
  retry(message: string): void;
  stop(): void;
};

export type Output = { write(text: string): void };

/** Plain output: one line when a phase starts, nothing per request, retries on their own line. */
export function plainProgress(out: Output): Progress {
  return {
    phase: (name, total) => out.write(`spec:pull: ${name} (${total} request${total === 1 ? '' : 's'})\n`),
    tick: () => undefined,
    retry: (message) => out.write(`spec:pull: retrying ${message}\n`),
    stop: () => undefined,
  };
}

/** A cli-progress bar per phase, for interactive terminals. */
export function barProgress(stream: NodeJS.WritableStream): Progress {
  let bar: SingleBar | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    phase(name, total) {
      stop();
      bar = new SingleBar(
        {
          format: `spec:pull: ${name.padEnd(12)} [{bar}] {value}/{total}`,
          stream,
          hideCursor: true,
          clearOnComplete: false,
        },
        Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    tick: () => bar?.increment(),
    retry: () => undefined,
    stop,
  };
}
