import { describe, expect, it } from 'vitest';
import {
  ApiHttpError,
  KleinanzeigenAuthError,
  KleinanzeigenConflictError,
  KleinanzeigenForbiddenError,
  KleinanzeigenGoneError,
  KleinanzeigenHttpError,
  KleinanzeigenNotFoundError,
  KleinanzeigenTimeoutError,
  KleinanzeigenUnsupportedMediaTypeError,
  KleinanzeigenValidationError,
} from '../src/index.js';
import { CLIENT_SECRET, problem } from './fake-api.js';
import { clientFor, fakeApi } from './support.js';

const LISTING = '123e4567-e89b-12d3-a456-426614174000';
const PATH = `/v1/listings/${LISTING}`;
const INSTANCE = `/api/v1/listings/${LISTING}`;

/** A client whose goods calls all get `status` and `body` (the token endpoint works). */
async function answering(status: number, body: unknown) {
  const api = await fakeApi();
  api.intercept((request) => (request.path.startsWith('/api/goods') ? { status, body } : undefined));
  return { api, client: clientFor(api, { retry: false }) };
}

async function failureOf(promise: Promise<unknown>): Promise<KleinanzeigenHttpError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KleinanzeigenHttpError);
  return error as KleinanzeigenHttpError;
}

describe('an error class per status, carrying the problem details', () => {
  it.each([
    [400, 'Bad Request', 'Failed to read request', KleinanzeigenValidationError, 'was refused (400): Failed to read request. The body or a query parameter is not what the endpoint expects'],
    [401, 'Unauthorized', 'Invalid or expired token', KleinanzeigenAuthError, 'was refused (401): the access token is missing, invalid or expired, and a renewed one was refused too'],
    [403, 'Forbidden', 'Token audience is not consumer-goods-api', KleinanzeigenForbiddenError, 'is forbidden (403) for this token: Token audience is not consumer-goods-api. Tokens must be issued for the audience "consumer-goods-api"'],
    [404, 'Not Found', 'Listing not found', KleinanzeigenNotFoundError, 'found nothing (404): Listing not found. The uuid is unknown, was deleted, or belongs to another account'],
    [409, 'Conflict', 'Ticket already used', KleinanzeigenConflictError, 'conflicts with the current state (409): Ticket already used. Read the resource again before retrying'],
    [410, 'Gone', 'Ticket expired', KleinanzeigenGoneError, 'is gone (410): Ticket expired. The media ticket expired: request a new one'],
    [415, 'Unsupported Media Type', "Unsupported media type: 'image/gif'. Supported types are: image/jpeg, image/png", KleinanzeigenUnsupportedMediaTypeError, 'was refused (415): Unsupported media type'],
    [500, 'Internal Server Error', 'Boom', KleinanzeigenHttpError, 'failed with HTTP 500: Boom; the server is busy or failing: try again later'],
    [418, "I'm a teapot", 'Short and stout', KleinanzeigenHttpError, "failed with HTTP 418: Short and stout"],
  ] as const)('%i', async (status, title, detail, cls, message) => {
    const body = problem(status, title, detail, INSTANCE);
    const { client } = await answering(status, body);
    const error = await failureOf(client.listings.get(LISTING));
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(ApiHttpError);
    expect(error.constructor).toBe(cls);
    expect(error).toMatchObject({ status, method: 'GET', path: PATH, type: 'about:blank', title, detail, instance: INSTANCE, problem: body, body });
    expect(error.message).toContain(`GET ${PATH} ${message}`);
    expect(error.name).toBe(cls.name);
    expect(error.toJSON()).toMatchObject({ name: cls.name, status, method: 'GET', path: PATH, title, detail, instance: INSTANCE });
  });

  it('reads style-B problems (the publication-state operations)', async () => {
    const body = { status: 404, title: 'NOT_FOUND', detail: 'Publication 789e4567 not found', instance: `${INSTANCE}/publications/789e4567?requestedState=PAUSED` };
    const { client } = await answering(404, body);
    const error = await failureOf(client.publications.setState(LISTING, '789e4567', { requestedState: 'PAUSED' }));
    expect(error).toBeInstanceOf(KleinanzeigenNotFoundError);
    expect(error).toMatchObject({ type: undefined, title: 'NOT_FOUND', detail: 'Publication 789e4567 not found', instance: body.instance, problem: body });
  });

  it('an answer that is not problem details has no problem fields, and its body in the message', async () => {
    const { client } = await answering(502, 'Bad gateway from the load balancer');
    const error = await failureOf(client.listings.get(LISTING));
    expect(error).toMatchObject({ status: 502, problem: undefined, title: undefined, detail: undefined, body: 'Bad gateway from the load balancer' });
    expect(error.message).toBe(`GET ${PATH} failed with HTTP 502: Bad gateway from the load balancer; the server is busy or failing: try again later`);
  });
});

describe('400: the refused fields', () => {
  it('lists the top-level errors and names them in the message', async () => {
    const errors = [
      { field: 'price.amount', message: 'must not be null' },
      { field: 'title', message: 'must not be blank' },
    ];
    const { client } = await answering(400, problem(400, 'Bad Request', 'Invalid request content.', INSTANCE, { errors }));
    const error = (await failureOf(client.listings.update(LISTING, { title: '' }))) as KleinanzeigenValidationError;
    expect(error).toBeInstanceOf(KleinanzeigenValidationError);
    expect(error.errors).toEqual(errors);
    expect(error.sent).toBe(true);
    expect(error.message).toBe(`PUT ${PATH} was refused as invalid (400): price.amount: must not be null; title: must not be blank. Correct these fields and send again`);
    expect(error.toJSON()).toMatchObject({ errors, sent: true });
  });

  it('also reads them under properties (the literal reading of the schema table)', async () => {
    const errors = [{ field: 'title', message: 'must not be blank' }];
    const { client } = await answering(400, problem(400, 'Bad Request', 'Invalid request content.', INSTANCE, { properties: { errors } }));
    const error = (await failureOf(client.listings.update(LISTING, { title: '' }))) as KleinanzeigenValidationError;
    expect(error.errors).toEqual(errors);
  });

  it("reads an OAuth-style {error, error_description} body as one error", async () => {
    const { client } = await answering(400, { error: 'invalid_request', error_description: 'audience is missing' });
    const error = (await failureOf(client.listings.get(LISTING))) as KleinanzeigenValidationError;
    expect(error.errors).toEqual([{ field: '', message: 'invalid_request: audience is missing' }]);
    expect(error.message).toContain('(body): invalid_request: audience is missing');
  });
});

describe('no answer', () => {
  it('a timeout is a KleinanzeigenTimeoutError naming the call', async () => {
    const api = await fakeApi();
    api.intercept((request) => (request.path.startsWith('/api/goods') ? { delayMs: 300, status: 200, body: {} } : undefined));
    const client = clientFor(api, { retry: false, timeoutMs: 50 });
    const error = await failureOf(client.listings.get(LISTING));
    expect(error).toBeInstanceOf(KleinanzeigenTimeoutError);
    expect(error.message).toBe(`GET ${PATH} got no response within 50 ms; raise timeoutMs or try again later`);
    expect(error.status).toBeUndefined();
  });

  it('a 503 is retried, then thrown', async () => {
    const api = await fakeApi();
    api.intercept((request) => (request.path.startsWith('/api/goods') ? { status: 503, body: problem(503, 'Service Unavailable', 'Try later', INSTANCE) } : undefined));
    const client = clientFor(api, { retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 } });
    const error = await failureOf(client.listings.get(LISTING));
    expect(error.status).toBe(503);
    expect(api.goodsRequests()).toHaveLength(3);
  });
});

describe('secrets', () => {
  it('a body that echoes the token or the secret is redacted before it reaches the error', async () => {
    const api = await fakeApi();
    api.intercept((request) =>
      request.path.startsWith('/api/goods') ? { status: 400, body: problem(400, 'Bad Request', `Bad header ${request.headers.authorization} for ${CLIENT_SECRET}`, INSTANCE) } : undefined,
    );
    const client = clientFor(api, { retry: false });
    const error = await failureOf(client.listings.get(LISTING));
    const token = api.goodsRequests()[0]?.headers.authorization?.slice('Bearer '.length) ?? 'missing';
    expect(error.detail).toBe('Bad header Bearer [redacted] for [redacted]');
    for (const shown of [error.message, JSON.stringify(error), JSON.stringify(error.problem)]) {
      expect(shown).not.toContain(token);
      expect(shown).not.toContain(CLIENT_SECRET);
    }
  });
});
