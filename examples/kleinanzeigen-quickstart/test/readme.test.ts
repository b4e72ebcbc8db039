import { readFile } from 'node:fs/promises';
import * as client from '@x/kleinanzeigen-client';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
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
  it('its commands are the repository\'s own', async () => {
    const scripts = Object.keys((JSON.parse(await readFile(ROOT_PACKAGE, 'utf8')) as { scripts: Record<string, string> }).scripts);
    const commands = [...(await readFile(README, 'utf8')).matchAll(/`?pnpm ([\w:-]+)/g)].map((m) => m[1] ?? '');
    for (const command of commands) expect(['install', '--filter', ...scripts]).toContain(command);
    expect(commands).toContain('demo:kleinanzeigen');
  });

  it('prints what the README shows, line by line', async () => {
    const lines: string[] = [];
    await runQuickstart({ latencyMs: 20, print: (line) => lines.push(line) });
    const shown = (await blocks()).find(([language, body]) => language === '' && body.startsWith('fake API at'))?.[1];
    expect(shown).toBeDefined();
    expect(normalise(lines.join('\n'))).toBe(normalise(shown?.trimEnd() ?? ''));
  });

  it('the way to the real API builds a client from the environment, as written', async () => {
    const block = (await blocks()).find(([language]) => language === 'ts')?.[1];
    expect(block).toContain('createKleinanzeigenClient');
    vi.stubEnv('KLEINANZEIGEN_CLIENT_ID', 'readme-client');
    vi.stubEnv('KLEINANZEIGEN_CLIENT_SECRET', 'readme-secret');
    try {
      const js = ts.transpileModule(`${block ?? ''}\nreturn client;`, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
      const built = new Function('createKleinanzeigenClient', 'process', js)(client.createKleinanzeigenClient, process) as Record<string, unknown>;
      expect(Object.keys(built)).toEqual(expect.arrayContaining(['listings', 'imprints', 'media', 'publications']));
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
