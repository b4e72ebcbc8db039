/**
 * Doc-tests: the ```ts blocks of a README run as written. Types are stripped with TypeScript's `transpileModule`,
 * imports are answered from the modules the test gives, names a block uses without declaring them (a `client` made
 * in an earlier block, a `fake`) come from the test's context, and the vitest calls a block makes (`beforeAll`, `it`,
 * ...) run in order like a small test file.
 */
import { readFile } from 'node:fs/promises';
import { inspect, isDeepStrictEqual } from 'node:util';
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
  /**
   * Check the block's claims: a top-level expression statement followed by a comment (on its line, or alone on the
   * next one) that is itself a JavaScript value (`fuel.nameOf('diesel'); // 'Diesel'`) must equal that value. Comments that are prose, or
   * values shortened with `...`, are not claims. Default false.
   */
  claims?: boolean;
};

/** A claim of a block that did not hold: the expression, what the comment says, what it gave. */
export type FailedClaim = { expression: string; expected: unknown; actual: unknown };

/** What a block made: its top-level declarations by name, and how many `it`/`test` calls it made (all run). */
export type BlockRun = {
  /** The block's top-level declarations, by name, as each was right after its declaration ran. */
  declared: Record<string, unknown>;
  /** What a top-level `return` answered (README fragments of a function body may end so). */
  returned: unknown;
  tests: number;
  claims: number;
};

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
  // Each declaration is recorded as it runs, so a fragment that returns early still shows what it made.
  const withoutImports = source.statements
    .filter((statement) => !ts.isImportDeclaration(statement))
    .map((statement) => {
      const text = options.claims === true ? withClaim(statement, source) : statement.getFullText(source);
      const names = declaredNames(ts.factory.updateSourceFile(source, [statement]));
      return `${text}\n${[...names].map((name) => `__declared[${JSON.stringify(name)}] = ${name};`).join(' ')}`;
    })
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
  const claims: Array<[string, unknown, unknown]> = [];
  const made: Record<string, unknown> = {};
  const run = new AsyncFunction('__modules', '__claims', '__declared', ...injected, `${lines.join('\n')}\n${js}`);
  const returned: unknown = await run(loaded, claims, made, ...injected.map((name) => context[name]));
  const failed: FailedClaim[] = claims
    .filter(([, actual, expected]) => !isDeepStrictEqual(actual, expected))
    .map(([expression, actual, expected]) => ({ expression, expected, actual }));
  if (failed.length > 0) {
    const lines = failed.map((f) => `  ${f.expression} gave ${inspect(f.actual, { depth: 4 })}, the comment says ${inspect(f.expected, { depth: 4 })}`);
    throw new Error(`the README block's claims do not hold:\n${lines.join('\n')}`);
  }

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
  return { declared: made, returned, tests: tests.length, claims: claims.length };
}

/** Whether `text` is a JavaScript expression on its own (a value such as `'Diesel'` or `[1, 2]`), not prose. */
function isValue(text: string): boolean {
  if (text === '' || /\.\.\./.test(text)) return false;
  const { diagnostics } = ts.transpileModule(`(${text});`, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
  if ((diagnostics ?? []).length > 0) return false;
  const parsed = ts.createSourceFile('claim.ts', `(${text});`, ts.ScriptTarget.ES2022, true);
  const statement = parsed.statements[0];
  if (parsed.statements.length !== 1 || statement === undefined || !ts.isExpressionStatement(statement)) return false;
  // Only literals (strings, numbers, booleans, null, arrays and objects of them): `true` yes, `see above` no.
  const literal = (node: ts.Node): boolean =>
    ts.isParenthesizedExpression(node) ? literal(node.expression)
    : ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node) ? true
    : node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword ? true
    : ts.isPrefixUnaryExpression(node) ? ts.isNumericLiteral(node.operand)
    : ts.isArrayLiteralExpression(node) ? node.elements.every(literal)
    : ts.isObjectLiteralExpression(node)
      ? node.properties.every((p) => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && literal(p.initializer))
      : false;
  return literal(statement.expression);
}

/** An expression statement with a value comment on its line becomes a recorded claim; anything else stays as written. */
function withClaim(statement: ts.Statement, source: ts.SourceFile): string {
  const text = statement.getFullText(source);
  if (!ts.isExpressionStatement(statement)) return text;
  // The comment on the statement's line, or alone on the next line.
  const lineAfter = (from: number): string => {
    const lineEnd = source.text.indexOf('\n', from);
    return source.text.slice(from, lineEnd === -1 ? undefined : lineEnd);
  };
  const end = statement.getEnd();
  const rest = lineAfter(end);
  const next = rest.trim() === '' && source.text.indexOf('\n', end) !== -1 ? lineAfter(source.text.indexOf('\n', end) + 1) : '';
  const comment = (/^\s*\/\/\s?(.*)$/.exec(rest) ?? /^\s*\/\/\s?(.*)$/.exec(next))?.[1]?.trim() ?? '';
  if (!isValue(comment)) return text;
  const expression = statement.expression.getText(source);
  const leading = text.slice(0, statement.getStart(source) - statement.getFullStart());
  return `${leading}__claims.push([${JSON.stringify(expression)}, (${expression}), (${comment})]);`;
}
