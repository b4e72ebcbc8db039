import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProImportClient, ProImportValidationError, type PayloadValidator, type WarningHandler } from '../src/index.js';
import { boatExample, carExample } from './fake-api.js';
import { startServer } from './server.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve() {
  const server = await startServer(() => ({ status: 201, body: { ok: true } }));
  close = server.close;
  return server;
}

describe('validate option', () => {
  it('an injected validator that fails raises the 400 shape without sending', async () => {
    const server = await serve();
    const validator = vi.fn<PayloadValidator>(() => ({ success: false, errors: { category_fields: { brand: ['Required.'] } } }));
    const client = createProImportClient({ token: 't', baseUrl: server.url, validate: validator });
    const error = await client.car.create(carExample()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProImportValidationError);
    expect((error as ProImportValidationError).errors).toEqual([{ path: 'category_fields.brand', messages: ['Required.'] }]);
    expect((error as ProImportValidationError).path).toBe('/v4/car');
    expect(server.requests).toHaveLength(0);
    expect(validator).toHaveBeenCalledWith('car', 'create', expect.objectContaining({ category_id: 1020 }));
  });

  it.each([
    ['update', 'car', (c: ReturnType<typeof createProImportClient>) => c.car.update('a', {} as never)],
    ['patch', 'boat', (c: ReturnType<typeof createProImportClient>) => c.boat.patch('a', {})],
    ['migrate', 'boat', (c: ReturnType<typeof createProImportClient>) => c.boat.migrate('a', {} as never)],
    ['create', 'boat', (c: ReturnType<typeof createProImportClient>) => c.boat.validate({} as never)],
    ['create', 'v3', (c: ReturnType<typeof createProImportClient>) => c.v3.create({} as never)],
    ['update', 'v3', (c: ReturnType<typeof createProImportClient>) => c.v3.update('a', {} as never)],
  ] as const)('checks %s bodies of %s', async (kind, resource, call) => {
    const server = await serve();
    const validator = vi.fn<PayloadValidator>((_r, _k, body) => ({ success: true, data: body }));
    const client = createProImportClient({ token: 't', baseUrl: server.url, validate: validator });
    await call(client);
    expect(validator).toHaveBeenCalledWith(resource, kind, {});
    expect(server.requests).toHaveLength(1);
  });

  it('does not validate reads or generic calls', async () => {
    const server = await serve();
    const validator = vi.fn<PayloadValidator>(() => ({ success: false, errors: ['no'] }));
    const client = createProImportClient({ token: 't', baseUrl: server.url, validate: validator });
    await client.car.get('a');
    await client.ads.delete('a');
    expect(validator).not.toHaveBeenCalled();
  });

  it('validate: true loads the generated validators of that type and rejects a car with a title', async () => {
    const server = await serve();
    const client = createProImportClient({ token: 't', baseUrl: server.url, validate: true });
    // @ts-expect-error the types already forbid a title on a car; validate: true also catches it in untyped code
    const error = await client.car.create({ ...carExample(), title: 'Not allowed' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProImportValidationError);
    expect((error as ProImportValidationError).errors.map((e) => e.path)).toContain('title');
    expect(server.requests).toHaveLength(0);
    await expect(client.car.create(carExample())).resolves.toEqual({ ok: true });
    await expect(client.boat.create(boatExample())).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('validate: true sends what only the reconstruction doubts, and reports it to onWarning', async () => {
    const server = await serve();
    const onWarning = vi.fn<WarningHandler>();
    const client = createProImportClient({ token: 't', baseUrl: server.url, validate: true, onWarning });
    const porsche = { ...carExample(), category_fields: { ...carExample().category_fields, brand: 'porsche', model: '911' } };
    await expect(client.car.create(porsche)).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(1);
    expect(onWarning).toHaveBeenCalledTimes(1);
    const [warnings, context] = onWarning.mock.calls[0] ?? [];
    expect(context).toEqual({ method: 'POST', path: '/v4/car', resource: 'car', kind: 'create' });
    expect(warnings?.map((w) => [w.path, w.message, w.source.kind])).toEqual([['category_fields.brand', '"porsche" is not a valid choice.', 'reconstructed']]);
    await client.car.create(carExample());
    expect(onWarning).toHaveBeenCalledTimes(1);
  });

  it("validate: 'strict' refuses on the reconstruction's rules too, without sending", async () => {
    const server = await serve();
    const client = createProImportClient({ token: 't', baseUrl: server.url, validate: 'strict' });
    const porsche = { ...carExample(), category_fields: { ...carExample().category_fields, brand: 'porsche' } };
    const error = await client.car.create(porsche).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProImportValidationError);
    expect((error as ProImportValidationError).errors).toEqual([{ path: 'category_fields.brand', messages: ['"porsche" is not a valid choice.'] }]);
    expect(server.requests).toHaveLength(0);
  });
});
