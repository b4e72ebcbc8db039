/**
 * Doc-tests: the ```ts blocks of a README, types stripped with TypeScript's transpileModule, imports answered from
 * the modules the test gives, run as written. A name a block uses but does not declare (a `client` made in an earlier
 * block) comes from the context the test gives.
 */
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<Record<string, unknown>>;

/** Every ```ts block of a markdown file, in order. */
export async function tsBlocks(readme: URL): Promise<string[]> {
  const markdown = await readFile(readme, 'utf8');
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

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

export type RunOptions = {
  /** Module specifier -> module namespace, for the block's imports. */
  modules: Readonly<Record<string, unknown>>;
  /** Values for names the block uses without declaring them (`process` and `console` are always there). */
  context?: Readonly<Record<string, unknown>>;
};

/**
 * Runs one block and answers its top-level declarations by name, so the test can check what it made. An import of
 * a module the test did not give fails with its name.
 */
export async function runBlock(block: string, options: RunOptions): Promise<Record<string, unknown>> {
  const source = ts.createSourceFile('block.ts', block, ts.ScriptTarget.ES2022, true);
  const declared = declaredNames(source);
  const lines: string[] = [];
  const imported = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    if (!(specifier in options.modules)) throw new Error(`the README block imports '${specifier}', which the test does not provide`);
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
  const context = { process, console, ...options.context };
  const injected = Object.keys(context).filter((name) => !declared.has(name) && !imported.has(name));
  const result = [...declared].join(', ');
  const run = new AsyncFunction('__modules', ...injected, `${lines.join('\n')}\n${js}\nreturn { ${result} };`);
  return run(options.modules, ...injected.map((name) => (context as Record<string, unknown>)[name]));
}
