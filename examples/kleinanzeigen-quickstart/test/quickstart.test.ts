import { describe, expect, it } from 'vitest';
import { runQuickstart } from '../src/quickstart.js';

describe('pnpm demo:kleinanzeigen', () => {
  it('runs the create-ad guide against the fake, step by step', async () => {
    const lines: string[] = [];
    await runQuickstart({ latencyMs: 20, print: (line) => lines.push(line) });
    const uuid = '[0-9a-f-]{36}';
    expect(lines).toEqual([
      expect.stringMatching(/^fake API at http:\/\/127\.0\.0\.1:\d+\/api\/goods$/),
      expect.stringMatching(new RegExp(`^imprint ${uuid}$`)),
      expect.stringMatching(new RegExp(`^listing ${uuid}$`)),
      'uploaded 2 images',
      'cover is now the PNG',
      expect.stringMatching(new RegExp(`^publication ${uuid}: PUBLISHED, ad \\d+$`)),
      'republished: PUBLISHED, price now {"type":"FIXED","amount":90}',
      'paused: PAUSED',
      'resumed: PUBLISHED',
      'deleted: GET answers 404',
    ]);
  });
});
