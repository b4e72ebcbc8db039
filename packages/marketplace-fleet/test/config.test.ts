import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseFleetConfig } from '../src/config.js';
import { runCli, tempDir } from './helpers.js';

const pro = { id: 'D1', marketplace: 'pro-import', tokenEnv: 'D1_TOKEN', feed: 'd1.ndjson' };
const ka = { id: 'K1', marketplace: 'kleinanzeigen', clientIdEnv: 'K1_ID', clientSecretEnv: 'K1_SECRET', feed: 'https://dms.example.com/k1.ndjson' };

describe('fleet.json', () => {
  it('accepts both marketplaces with every optional field', () => {
    const config = parseFleetConfig({
      dealers: [
        { ...pro, baseUrl: 'http://127.0.0.1:4010/pro-import-api', dealerCode: 'D1', deleteMissing: true, maxDelete: '20%', encoding: 'latin1' },
        { ...ka, imprintUuid: 'b1f6...', maxDelete: 5, assumeNotCreated: ['car-12'] },
      ],
      limits: { 'pro-import': 20, kleinanzeigen: 5 },
    });
    expect(config.dealers.map((d) => `${d.id}/${d.marketplace}`)).toEqual(['D1/pro-import', 'K1/kleinanzeigen']);
    expect(config.limits).toEqual({ 'pro-import': 20, kleinanzeigen: 5 });
  });

  it.each([
    [{ dealers: [{ ...pro, tokenEnv: undefined }] }, 'fleet.json: dealer "D1": "tokenEnv" must name an environment variable (letters, digits, _), got undefined; credentials are read from the worker\'s environment, never from this file'],
    [{ dealers: [{ ...pro, tokenEnv: 'eyJhbGciOi.secret-token' }] }, 'fleet.json: dealer "D1": "tokenEnv" must name an environment variable (letters, digits, _), got "eyJhbGciOi.secret-token"; credentials are read from the worker\'s environment, never from this file'],
    [{ dealers: [{ ...pro, token: 'abc' }] }, 'fleet.json: dealer "D1": "token" is not a dealer field (known: id, marketplace, baseUrl, tokenEnv, dealerCode, clientIdEnv, clientSecretEnv, imprintUuid, assumeNotCreated, feed, encoding, deleteMissing, maxDelete)'],
    [{ dealers: [{ ...pro, marketplace: 'blocket' }] }, 'fleet.json: dealer "D1": "marketplace" must be "pro-import" or "kleinanzeigen", got "blocket"'],
    [{ dealers: [{ ...pro, feed: '' }] }, 'fleet.json: dealer "D1": "feed" must be a file path or an http(s) URL, got ""'],
    [{ dealers: [{ ...pro, feed: 'ftp://dms.example.com/d1.ndjson' }] }, 'fleet.json: dealer "D1": "feed" must be a file path or an http(s) URL, got "ftp://dms.example.com/d1.ndjson"'],
    [{ dealers: [{ ...pro, baseUrl: 'api.blocket.se' }] }, 'fleet.json: dealer "D1": "baseUrl" must be an http(s) URL, got "api.blocket.se"'],
    [{ dealers: [{ ...pro, encoding: 'iso-8859-1' }] }, 'fleet.json: dealer "D1": "encoding" must be one of utf8, latin1, windows-1252, got "iso-8859-1"'],
    [{ dealers: [{ ...pro, deleteMissing: 'yes' }] }, 'fleet.json: dealer "D1": "deleteMissing" must be true or false, got "yes"'],
    [{ dealers: [{ ...pro, maxDelete: '120%' }] }, 'fleet.json: dealer "D1": "maxDelete" must be a count (15) or a share of the live ads ("20%"), got "120%"'],
    [{ dealers: [{ ...pro, imprintUuid: 'x' }] }, 'fleet.json: dealer "D1": "imprintUuid" is for Kleinanzeigen dealers; a Pro Import dealer names "tokenEnv"'],
    [{ dealers: [{ ...ka, assumeNotCreated: 'car-12' }] }, 'fleet.json: dealer "K1": "assumeNotCreated" must be a list of source_ids, got "car-12"'],
    [{ dealers: [{ ...pro, assumeNotCreated: ['car-12'] }] }, 'fleet.json: dealer "D1": "assumeNotCreated" is for Kleinanzeigen dealers; a Pro Import dealer names "tokenEnv"'],
    [{ dealers: [{ ...ka, tokenEnv: 'K1_TOKEN' }] }, 'fleet.json: dealer "K1": "tokenEnv" is for Pro Import dealers; a Kleinanzeigen dealer names "clientIdEnv" and "clientSecretEnv"'],
    [{ dealers: [{ ...ka, clientSecretEnv: undefined }] }, 'fleet.json: dealer "K1": "clientSecretEnv" must name an environment variable (letters, digits, _), got undefined; credentials are read from the worker\'s environment, never from this file'],
    [{ dealers: [pro, { ...pro, tokenEnv: 'OTHER' }] }, 'fleet.json: dealer "D1": "id" appears twice for pro-import'],
    [{ dealers: [pro, { ...pro, id: '' }] }, 'fleet.json: dealers[1]: "id" must be a non-empty string, got ""'],
    [{ dealers: [pro, 'D2'] }, 'fleet.json: dealers[1] must be an object, got "D2"'],
    [{ dealer: [pro] }, 'fleet.json: "dealer" is not a fleet.json field (known: dealers, limits)'],
    [{ dealers: {} }, 'fleet.json: "dealers" must be an array of dealers, got {}'],
    [{ dealers: [pro], limits: { 'pro-import': 0 } }, 'fleet.json: limits: "pro-import" must be requests per second > 0, got 0'],
    [{ dealers: [pro], limits: { blocket: 5 } }, 'fleet.json: limits: "blocket" is not a marketplace (pro-import, kleinanzeigen)'],
  ])('refuses %j in one line naming the dealer and the field', (raw, message) => {
    expect(() => parseFleetConfig(raw)).toThrow(new ConfigError(message));
  });

  it('the commands refuse a bad config in one line on stderr, exit 2, before touching the database', async () => {
    const dir = tempDir();
    const file = join(dir, 'fleet.json');
    writeFileSync(file, JSON.stringify({ dealers: [pro, { ...ka, clientIdEnv: 42 }] }));
    for (const command of ['enqueue', 'worker']) {
      const result = await runCli([command, '--config', 'fleet.json', '--database-url', 'postgres://fleet:pw@127.0.0.1:1/none'], {}, dir);
      expect(result).toEqual({
        code: 2,
        out: [],
        err: [`error: ${file}: dealer "K1": "clientIdEnv" must name an environment variable (letters, digits, _), got 42; credentials are read from the worker's environment, never from this file`],
      });
    }
    writeFileSync(file, '{"dealers": [');
    const broken = await runCli(['enqueue', '--config', file, '--database-url', 'postgres://fleet:pw@127.0.0.1:1/none']);
    expect(broken.code).toBe(2);
    expect(broken.err).toHaveLength(1);
    expect(broken.err[0]).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid JSON \\(`));
    const missing = await runCli(['enqueue', '--config', join(dir, 'nope.json'), '--database-url', 'postgres://fleet:pw@127.0.0.1:1/none']);
    expect(missing.err).toEqual([`error: ${join(dir, 'nope.json')}: no such file`]);
  });
});
