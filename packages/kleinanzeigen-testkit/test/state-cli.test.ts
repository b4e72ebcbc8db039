import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createKleinanzeigenFake, type KleinanzeigenSnapshot } from '../src/index.js';
import { addImage, apiFor, createImprint, createListing, publish, SHOP, START, useMswFake } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/fake.mjs', import.meta.url));

describe('snapshot and load', () => {
  const { ctx, api } = useMswFake({ seed: 4 });

  it('a snapshot taken mid-validation resumes exactly, images and the PRNG included', async () => {
    const listing = await createListing(api);
    const urls = await addImage(api, listing);
    const pub = await publish(api, listing, await createImprint(api));
    ctx.fake.clock.advance(400);
    const saved = JSON.parse(JSON.stringify(ctx.fake.snapshot())) as KleinanzeigenSnapshot;
    expect(JSON.stringify(saved)).not.toContain(SHOP.clientSecret);
    const copy = createKleinanzeigenFake({ snapshot: saved, clients: [SHOP] });
    expect(copy.clock.now()).toBe(START + 400);
    expect(copy.getListing(listing)).toEqual(ctx.fake.getListing(listing));
    expect(copy.getPublication(pub)?.status).toBe('PENDING');
    copy.clock.advance(599);
    expect(copy.getPublication(pub)?.status).toBe('PENDING');
    copy.clock.advance(1);
    ctx.fake.clock.advance(600);
    expect(copy.getPublication(pub)).toEqual(ctx.fake.getPublication(pub));
    expect(copy.snapshot().images).toEqual(saved.images);
    expect(urls).toHaveLength(1);
    expect(copy.snapshot().randomState).toBe(ctx.fake.snapshot().randomState);
  });

  it('load refuses a damaged snapshot, naming the place, and keeps its state', async () => {
    const listing = await createListing(api);
    const good = ctx.fake.snapshot();
    expect(() => ctx.fake.load({ nope: true } as never)).toThrow('fake.load(snapshot): version must be 1, got nothing');
    const bad = structuredClone(good);
    (bad.listings[0] as { urls: unknown }).urls = 'none';
    expect(() => ctx.fake.load(bad)).toThrow('fake.load(snapshot): listings[0].urls must be a list, got "none"');
    expect(() => ctx.fake.load({ ...good, publications: [{ uuid: 'p' }] } as never)).toThrow('publications[0].listingUuid must be a string');
    expect(ctx.fake.getListing(listing)).toBeDefined();
  });
});

describe('pnpm fake:kleinanzeigen', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  function start(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; output: () => string; baseUrl: string }> {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    children.push(child);
    let output = '';
    return new Promise((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /listening on (\S+)/.exec(output)?.[1];
        if (url !== undefined && output.includes('  rules:')) resolve({ child, output: () => output, baseUrl: url });
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('exit', (code) => reject(new Error(`fake exited with ${code}: ${output}`)));
    });
  }
  const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  async function token(origin: string, clientId: string, clientSecret: string): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, audience: 'consumer-goods-api' });
    const reply = await fetch(`${origin}/v2/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    return ((await reply.json()) as { access_token: string }).access_token;
  }

  it('prints the API, token and OpenAPI URLs and never the secret; --state saves on SIGTERM and loads on start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kleinanzeigen-fake-'));
    const file = join(dir, 'state.json');
    const secret = 'cli-secret-that-must-not-be-printed';
    try {
      const first = await start(['--port', '0', '--client-id', 'cli-shop', '--client-secret', secret, '--latency', '0', '--state', file]);
      const origin = new URL(first.baseUrl).origin;
      expect(first.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/goods$/);
      expect(first.output()).toContain(`token:    ${origin}/v2/oidc/token (client_id cli-shop;`);
      expect(first.output()).toContain(`openapi:  ${origin}/api/goods/openapi.json`);
      expect(first.output()).not.toContain(secret);
      const api = apiFor(first.baseUrl, () => '');
      const access = await token(origin, 'cli-shop', secret);
      const uuid = await createListing(api, undefined, access);
      first.child.removeAllListeners('exit');
      const done = exited(first.child);
      first.child.kill('SIGTERM');
      expect(await done).toBe(0);
      const saved = await readFile(file, 'utf8');
      expect(saved).toContain(uuid);
      expect(saved).not.toContain(secret);

      // The secret from the environment this time; the state (and the account) comes back.
      const second = await start(['--port', '0', '--client-id', 'cli-shop', '--state', file], { KLEINANZEIGEN_CLIENT_SECRET: secret });
      const again = apiFor(second.baseUrl, () => '');
      const reply = await again('GET', `/v1/listings/${uuid}`, { token: await token(new URL(second.baseUrl).origin, 'cli-shop', secret) });
      expect([reply.status, reply.body.uuid]).toEqual([200, uuid]);
      expect(second.output()).not.toContain(secret);
      second.child.removeAllListeners('exit');
      const secondDone = exited(second.child);
      second.child.kill('SIGINT');
      expect(await secondDone).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('rejects bad flags with the usage', async () => {
    const child = spawn(process.execPath, [BIN, '--latency', 'soon'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    expect(await exited(child)).toBe(2);
    expect(err).toContain('--latency must be a whole number >= 0, got "soon"');
    expect(err).toContain('Usage: pnpm fake:kleinanzeigen');
  }, 30_000);
});
