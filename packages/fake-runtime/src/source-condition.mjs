// A module resolve hook (node:module `register`) that adds the "@x/source" export condition to every resolution, so
// the monorepo's workspace packages resolve to their TypeScript sources without re-running node with --conditions.
// Plain JavaScript: it runs before anything can compile TypeScript.

/**
 * @param {string} specifier
 * @param {{ conditions: string[] }} context
 * @param {(specifier: string, context: object) => Promise<unknown>} nextResolve
 */
export async function resolve(specifier, context, nextResolve) {
  if (context.conditions.includes('@x/source')) return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: ['@x/source', ...context.conditions] });
}
