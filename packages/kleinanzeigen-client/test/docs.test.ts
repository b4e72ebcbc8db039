import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ENTRIES = ['src/index.ts', 'src/core.ts', 'src/validators/index.ts'];

/** Every export of an entry, with whether its declaration's JSDoc has an `@example`. */
function exportsOf(entry: string): { name: string; documented: boolean }[] {
  const file = fileURLToPath(new URL(`../${entry}`, import.meta.url));
  const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, customConditions: ['@x/source'] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`cannot read ${entry}`);
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    // The alias in the entry may carry the docs (a re-export with its own JSDoc), else the original declaration.
    const symbols = exported.flags & ts.SymbolFlags.Alias ? [exported, checker.getAliasedSymbol(exported)] : [exported];
    const documented = symbols.some((symbol) =>
      (symbol.declarations ?? []).some((declaration) => ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'example')),
    );
    return { name: exported.name, documented };
  });
}

describe('every public export has JSDoc with an @example', () => {
  it.each(ENTRIES)('%s', (entry) => {
    const exports = exportsOf(entry);
    expect(exports.length).toBeGreaterThan(5);
    expect(exports.filter((e) => !e.documented).map((e) => e.name)).toEqual([]);
    // A whole TypeScript program per entry: seconds on a busy machine.
  }, 60_000);
});
