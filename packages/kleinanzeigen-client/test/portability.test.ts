import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

function files(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => pattern.test(f))
    .map((f) => join(dir, f));
}

const NODE_IMPORT = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"](?:node:[^'"]+|fs|path|os|crypto|http|https|net|stream|util|url|buffer|events)(?:\/[^'"]*)?['"]/;
const NODE_GLOBALS = /\b(?:process\.|Buffer\.|__dirname|__filename)/;

/** The code that ships runs wherever fetch does (Node 20+, Deno, Bun, Workers): no Node built-ins. */
describe('no Node built-ins in what ships', () => {
  const shipped = [...files(join(root, 'src'), /\.ts$/), ...files(join(root, 'dist'), /\.(c?js|d\.c?ts)$/)];

  it('finds the sources', () => {
    expect(shipped.some((f) => f.endsWith('src/client.ts'))).toBe(true);
  });

  it.each(shipped.map((f) => [f.slice(root.length)]))('%s', (file) => {
    // Comments may show Node usage (`process.env.KLEINANZEIGEN_CLIENT_ID` in an @example); only code counts.
    const text = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    expect(text).not.toMatch(NODE_IMPORT);
    expect(text).not.toMatch(NODE_GLOBALS);
  });
});
