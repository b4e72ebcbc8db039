import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runQuickstart } from '../src/quickstart.js';

const README = new URL('../README.md', import.meta.url);
const ROOT_PACKAGE = new URL('../../../package.json', import.meta.url);

/** The fenced blocks of the README: [language, body]. */
async function blocks(): Promise<Array<[string, string]>> {
  const markdown = await readFile(README, 'utf8');
  return [...markdown.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => [m[1] ?? '', m[2] ?? '']);
}

/** What changes from run to run: ports and UUIDs. */
const normalise = (text: string) =>
  text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');

describe('README', () => {
  it('its commands are the repository\'s own (no `pnpm setup`: that is pnpm installing itself)', async () => {
    const scripts = Object.keys((JSON.parse(await readFile(ROOT_PACKAGE, 'utf8')) as { scripts: Record<string, string> }).scripts);
    const commands = (await blocks())
      .filter(([language]) => language === 'sh')
      .flatMap(([, body]) => [...body.matchAll(/`?pnpm ([\w:-]+)/g)].map((m) => m[1] ?? ''));
    const prose = [...(await readFile(README, 'utf8')).matchAll(/`pnpm ([\w:-]+)/g)].map((m) => m[1] ?? '');
    for (const command of [...commands, ...prose]) expect(['install', '--filter', ...scripts]).toContain(command);
    expect(commands).toContain('demo');
  });

  it('prints what the README shows, line by line', async () => {
    const lines: string[] = [];
    await runQuickstart({ latencyMs: 5, print: (line) => lines.push(line) });
    const shown = (await blocks()).find(([language, body]) => language === '' && body.startsWith('fake API at'))?.[1];
    expect(shown).toBeDefined();
    expect(normalise(lines.join('\n'))).toBe(normalise(shown?.trimEnd() ?? ''));
  });
});
