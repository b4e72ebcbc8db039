/**
 * Runs `src/<entry>.ts` (in the repo) or `dist/<entry>.js` (installed) of the package whose command file is
 * `caller` (its `import.meta.url`, in the package's `bin/`) and exits with its `main(argv)`'s code, in the same
 * process: a signal sent to the command reaches `main`, and nothing is left running when the command is killed.
 *
 * @example
 * // bin/fake.mjs
 * import { launch } from '@x/fake-runtime/launch';
 * await launch('cli/fake', import.meta.url);
 */
export declare function launch(entry: string, caller: string): Promise<void>;
