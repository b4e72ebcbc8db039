/**
 * Doc-tests: the ```ts blocks of a README run as written. Types are stripped with TypeScript's `transpileModule`,
 * imports are answered from the modules the test gives, names a block uses without declaring them (a `client` made
 * in an earlier block, a `fake`) come from the test's context, and the vitest calls a block makes (`beforeAll`, `it`,
 * ...) run in order like a small test file.
 */
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

type Hook = () => unknown;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<Record<string, unknown>>;

/**
 * Every ```ts block of a markdown file, in order.
 *
 * @example
 * const blocks = await tsBlocks(new URL('../README.md', import.meta.url));
 */
export async function tsBlocks(markdownFile: URL): Promise<string[]> {
  const markdown = await readFile(markdownFile, 'utf8');
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** A module for a block's imports: the namespace itself, or a function that loads it. */
export type ModuleSource = object | (() => Promise<object>);

export type RunOptions = {
  /** Module specifier -> module namespace (or its loader), for the block's imports. */
  modules: Readonly<Record<string, ModuleSource>>;
  /** Values for names the block uses without declaring them (`process` and `console` are always there). */
  context?: Readonly<Record<string, unknown>>;
  /** `expect` for blocks written as tests (`it(...)` with `expect` inside); pass vitest's. */
  expect?: unknown;
};

/** What a block made: its top-level declarations by name, and how many `it`/`test` calls it made (all run). */
export type BlockRun = { declared: Record<string, unknown>; tests: number };

/** The names a block declares at its top level (variables, destructured names, functions, classes). */
function declaredNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name !== undefined) names.add(statement.name.text);
  }
  return names;
}

/**
 * Runs one block as written and answers its top-level declarations and the number of tests it declared (each run
 * between its `beforeAll` and `afterAll` hooks, wrapped in `beforeEach`/`afterEach`). An import of a module the
 * test did not give fails with its name; a failing `it` fails with the example's name.
 *
 * @example
 * const { declared } = await runBlock(blocks[0], { modules: { '@x/client-runtime': runtime } });
 * expect(declared.runtime).toBeDefined();
 */
export async function runBlock(block: string, options: RunOptions): Promise<BlockRun> {
  const source = ts.createSourceFile('block.ts', block, ts.ScriptTarget.ES2022, true);
  const declared = declaredNames(source);
  const lines: string[] = [];
  const imported = new Set<string>();
  const loaded: Record<string, object> = {};
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    const module = options.modules[specifier];
    if (module === undefined) throw new Error(`the README block imports '${specifier}', which the test does not provide`);
    loaded[specifier] = typeof module === 'function' ? await (module as () => Promise<object>)() : module;
    const bindings = statement.importClause?.namedBindings;
    if (statement.importClause?.isTypeOnly === true || bindings === undefined || !ts.isNamedImports(bindings)) continue;
    const values = bindings.elements.filter((element) => !element.isTypeOnly);
    for (const element of values) imported.add(element.name.text);
    const parts = values.map((element) => (element.propertyName === undefined ? element.name.text : `${element.propertyName.text}: ${element.name.text}`));
    if (parts.length > 0) lines.push(`const { ${parts.join(', ')} } = __modules[${JSON.stringify(specifier)}];`);
  }
  const withoutImports = source.statements
    .filter((statement) => !ts.isImportDeclaration(statement))
    .map((statement) => statement.getFullText(source))
    .join('');
  const js = ts.transpileModule(withoutImports, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;

  const hooks = { beforeAll: [] as Hook[], beforeEach: [] as Hook[], afterEach: [] as Hook[], afterAll: [] as Hook[] };
  const tests: Array<[string, Hook]> = [];
  const vitestLike = {
    beforeAll: (hook: Hook) => void hooks.beforeAll.push(hook),
    beforeEach: (hook: Hook) => void hooks.beforeEach.push(hook),
    afterEach: (hook: Hook) => void hooks.afterEach.push(hook),
    afterAll: (hook: Hook) => void hooks.afterAll.push(hook),
    it: (name: string, run: Hook) => void tests.push([name, run]),
    test: (name: string, run: Hook) => void tests.push([name, run]),
    ...(options.expect === undefined ? {} : { expect: options.expect }),
  };
  const context: Record<string, unknown> = { process, console, ...vitestLike, ...options.context };
  const injected = Object.keys(context).filter((name) => !declared.has(name) && !imported.has(name));
  const run = new AsyncFunction('__modules', ...injected, `${lines.join('\n')}\n${js}\nreturn { ${[...declared].join(', ')} };`);
  const made = await run(loaded, ...injected.map((name) => context[name]));

  for (const hook of hooks.beforeAll) await hook();
  try {
    for (const [name, body] of tests) {
      for (const hook of hooks.beforeEach) await hook();
      try {
        await body();
      } catch (error) {
        throw new Error(`README example "${name}" failed: ${(error as Error).message}`, { cause: error });
      } finally {
        for (const hook of hooks.afterEach) await hook();
      }
    }
  } finally {
    for (const hook of hooks.afterAll) await hook();
  }
  return { declared: made, tests: tests.length };
}
