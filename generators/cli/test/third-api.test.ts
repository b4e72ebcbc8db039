import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

/**
 * A third API is a folder in a spec root and packages that use what is generated from it: nothing about it is in
 * generators/. This test generates a tiny one (`test/fixtures/spec/bookshelf`), type-checks the output with the one
 * hand-written module such a client package provides (its validation error shape), and calls a local server with it.
 */
const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const out = join(here, '.out', 'bookshelf');
const run = promisify(execFile);

type Book = { isbn: string; title: string; year?: number };
let server: Server;
let baseUrl: string;
const books = new Map<string, Book>();
const seen: Array<{ method: string; url: string; key: string | undefined }> = [];

beforeAll(async () => {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const code = await main(['--api', 'bookshelf', '--targets', 'client,validators', '--spec', join(fixtures, 'spec'), '--out', join(out, 'src', 'generated')], here);
  expect(code).toBe(0);
  await cp(join(fixtures, 'runtime'), join(out, 'src', 'runtime'), { recursive: true });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', key: req.headers['x-api-key'] as string | undefined });
      const isbn = /^\/api\/books\/([^/?]+)/.exec(req.url ?? '')?.[1];
      const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString()) as Book) : undefined;
      const send = (status: number, value?: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(value === undefined ? '' : JSON.stringify(value));
      };
      if (req.method === 'POST' && body !== undefined) return send(201, books.set(body.isbn, body).get(body.isbn));
      if (req.method === 'GET' && isbn === undefined) return send(200, [...books.values()]);
      const book = isbn === undefined ? undefined : books.get(isbn);
      if (book === undefined || isbn === undefined) return send(404, { detail: 'no such book' });
      if (req.method === 'GET') return send(200, book);
      if (req.method === 'PUT') return send(200, books.set(isbn, { ...book, ...body }).get(isbn));
      books.delete(isbn);
      return send(204);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
}, 120_000);

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a third API, from its spec folder alone', () => {
  it('generates a client whose code type-checks', async () => {
    await writeFile(join(out, 'tsconfig.json'), JSON.stringify({ extends: '../../../../../tsconfig.base.json', include: ['src'] }));
    const tsc = join(here, '..', 'node_modules', '.bin', 'tsc');
    await expect(run(tsc, ['-p', join(out, 'tsconfig.json')])).resolves.toBeDefined();
    const client = await readFile(join(out, 'src', 'generated', 'client.gen.ts'), 'utf8');
    expect(client).toContain('export class BookshelfClient');
  }, 120_000);

  it('calls the API through every generated method, authenticated as its config says', async () => {
    const { createRuntime, staticToken, ApiHttpError, DEFAULT_RETRY } = await import('@x/client-runtime');
    // The generated module does not exist before this file runs, so it is typed here by what the test uses.
    type Books = {
      create(body: Book): Promise<unknown>;
      get(isbn: string): Promise<unknown>;
      update(isbn: string, body: Partial<Book>): Promise<unknown>;
      list(query?: { author?: string }): Promise<unknown[]>;
      delete(isbn: string): Promise<unknown>;
    };
    const { BookshelfClient } = (await import(join(out, 'src', 'generated', 'client.gen.ts'))) as { BookshelfClient: new (rt: unknown) => { books: Books } };
    const errors = {
      response: (init: { method: string; path: string; status: number; body?: unknown }) => new ApiHttpError(`HTTP ${init.status}`, init),
      timeout: (message: string, where: { method: string; path: string }) => new ApiHttpError(message, where),
      transport: (message: string, init: { method: string; path: string }) => new ApiHttpError(message, init),
      validation: (init: { method: string; path: string; status: 400; body?: unknown }) => new ApiHttpError('invalid', init),
    };
    const rt = createRuntime({ baseUrl, auth: staticToken({ header: 'X-Api-Key', token: 'bookshelf-key-1', what: 'test' }), errors, fetch: (r) => fetch(r), timeoutMs: 5000, retry: DEFAULT_RETRY });
    const client = new BookshelfClient(rt);
    expect(await client.books.create({ isbn: '9780140449136', title: 'The Odyssey', year: 1996 })).toEqual({ isbn: '9780140449136', title: 'The Odyssey', year: 1996 });
    expect(await client.books.get('9780140449136')).toMatchObject({ title: 'The Odyssey' });
    expect(await client.books.update('9780140449136', { year: 2003 })).toMatchObject({ year: 2003 });
    expect(await client.books.list({ author: 'Homer' })).toHaveLength(1);
    expect(await client.books.delete('9780140449136')).toBeUndefined();
    const missing = await client.books.get('9780140449136').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiHttpError);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /api/books',
      'GET /api/books/9780140449136',
      'PUT /api/books/9780140449136',
      'GET /api/books?author=Homer',
      'DELETE /api/books/9780140449136',
      'GET /api/books/9780140449136',
    ]);
    expect(new Set(seen.map((s) => s.key))).toEqual(new Set(['bookshelf-key-1']));
  });

  it('generates validators that refuse what the schema refuses', async () => {
    type Outcome = { success: true } | { success: false; errors: Array<{ path: string }> };
    const { validateBooksCreate, validateBooksUpdate } = (await import(join(out, 'src', 'generated', 'validators', 'books.gen.ts'))) as Record<string, (body: unknown) => Outcome>;
    if (validateBooksCreate === undefined || validateBooksUpdate === undefined) throw new Error('the validators module lacks its validators');
    expect(validateBooksCreate({ isbn: '9780140449136', title: 'The Odyssey' }).success).toBe(true);
    const refused = validateBooksCreate({ isbn: '978', title: '' });
    expect(refused.success ? [] : refused.errors.map((e) => e.path).sort()).toEqual(['isbn', 'title']);
    expect(validateBooksUpdate({ year: 1200 }).success).toBe(false);
  });
});
