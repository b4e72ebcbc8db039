import { readFile } from 'node:fs/promises';
import ts from 'typescript';
import { expect } from 'vitest';

/** The ```ts blocks of a markdown file, in order. */
export async function tsBlocks(file: URL): Promise<string[]> {
  const markdown = await readFile(file, 'utf8');
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

type Hook = () => unknown;

/**
 * Runs one README block as written: its imports come from `modules` (a module name to the loaded module), its types
 * are stripped with TypeScript's `transpileModule`, `globals` are in scope (e.g. a `fake` the block refers to), and
 * the vitest calls it makes (`beforeAll`, `afterEach`, `it`, ...) run in order like a small test file: every `it`
 * between the `beforeAll` and `afterAll` hooks, each wrapped in `beforeEach`/`afterEach`. Answers how many `it` ran.
 */
export async function runBlock(
  block: string,
  modules: Record<string, () => Promise<Record<string, unknown>>>,
  globals: Record<string, unknown> = {},
): Promise<number> {
  const names: string[] = [];
  const values: unknown[] = [];
  const body = block.replace(/^import \{([^}]*)\} from '([^']+)';\n/gm, (_line, imported: string, from: string) => {
    const load = modules[from];
    if (load === undefined) throw new Error(`the README block imports from '${from}', which the test does not provide`);
    names.push(`__module${names.length}`);
    values.push(load);
    const bindings = imported
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '' && !name.startsWith('type '));
    return `const { ${bindings.join(', ')} } = await ${names.at(-1)}();\n`;
  });
  const js = ts.transpileModule(body, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const hooks = { beforeAll: [] as Hook[], beforeEach: [] as Hook[], afterEach: [] as Hook[], afterAll: [] as Hook[] };
  const tests: Array<[string, Hook]> = [];
  const vitestLike = {
    beforeAll: (hook: Hook) => hooks.beforeAll.push(hook),
    beforeEach: (hook: Hook) => hooks.beforeEach.push(hook),
    afterEach: (hook: Hook) => hooks.afterEach.push(hook),
    afterAll: (hook: Hook) => hooks.afterAll.push(hook),
    it: (name: string, run: Hook) => tests.push([name, run]),
    test: (name: string, run: Hook) => tests.push([name, run]),
    expect,
  };
  const scope = { ...vitestLike, ...globals };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<void>;
  await new AsyncFunction(...Object.keys(scope), ...names, js)(...Object.values(scope), ...values);
  for (const hook of hooks.beforeAll) await hook();
  try {
    for (const [name, run] of tests) {
      for (const hook of hooks.beforeEach) await hook();
      try {
        await run();
      } catch (error) {
        throw new Error(`README example "${name}" failed: ${(error as Error).message}`, { cause: error });
      } finally {
        for (const hook of hooks.afterEach) await hook();
      }
    }
  } finally {
    for (const hook of hooks.afterAll) await hook();
  }
  return tests.length;
}
