import { json, parseFormBody, type FakeRequest, type FakeResponse } from '@x/fake-runtime';
import { AUDIENCE } from '../fake/auth.js';
import type { KleinanzeigenFake } from '../fake/fake.js';

type OAuthError = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type';

/** An RFC 6749 error body (`{error, error_description}`), 400 or 401 for `invalid_client` (G-25). */
function oauthError(error: OAuthError, description: string, headers: Record<string, string> = {}): FakeResponse<string> {
  return json(error === 'invalid_client' ? 401 : 400, { error, error_description: description }, { 'cache-control': 'no-store', ...headers });
}

const decode = (part: string): string => {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
};

/** HTTP Basic client authentication (RFC 6749 2.3.1: id and secret form-encoded, then base64). */
function basicCredentials(header: string | null): { id: string; secret: string } | undefined {
  const match = header === null ? null : /^basic\s+(\S+)$/i.exec(header.trim());
  if (match?.[1] === undefined) return undefined;
  const text = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return { id: '', secret: '' };
  return { id: decode(text.slice(0, colon)), secret: decode(text.slice(colon + 1)) };
}

const PARAMETERS = ['grant_type', 'client_id', 'client_secret', 'audience'];

/**
 * `POST /v2/oidc/token`: the client-credentials grant. Credentials in the form or with HTTP Basic (not both);
 * `audience=consumer-goods-api`; tokens only for configured clients. Errors are RFC 6749's, the secret never appears.
 */
export function handleToken(fake: KleinanzeigenFake, request: FakeRequest, method: string): FakeResponse<string> {
  if (method !== 'POST')
    return oauthError('invalid_request', `The token endpoint takes POST, not ${method}.`, { allow: 'POST' });
  const form = parseFormBody(request.body, request.header('content-type'));
  if (form === undefined)
    return oauthError('invalid_request', 'Send the parameters form-encoded, with Content-Type: application/x-www-form-urlencoded.');
  const repeated = PARAMETERS.find((name) => form.getAll(name).length > 1);
  if (repeated !== undefined) return oauthError('invalid_request', `The parameter ${repeated} is given more than once.`);
  const grantType = form.get('grant_type');
  if (grantType === null || grantType === '') return oauthError('invalid_request', 'The parameter grant_type is missing; send grant_type=client_credentials.');
  const basic = basicCredentials(request.header('authorization'));
  if (basic !== undefined && form.has('client_secret'))
    return oauthError('invalid_request', 'The client authenticated twice: use HTTP Basic or the client_id and client_secret parameters, not both.');
  const id = basic?.id ?? form.get('client_id') ?? '';
  const secret = basic?.secret ?? form.get('client_secret') ?? '';
  const challenge: Record<string, string> = basic === undefined ? {} : { 'www-authenticate': 'Basic realm="kleinanzeigen-fake"' };
  if (id === '' || secret === '')
    return oauthError('invalid_client', 'Client authentication failed: send client_id and client_secret.', challenge);
  const principal = fake.authenticateClient(id, secret);
  if (principal === undefined) return oauthError('invalid_client', 'Client authentication failed.', challenge);
  if (grantType !== 'client_credentials')
    return oauthError('unsupported_grant_type', `The grant type ${grantType} is not supported; use client_credentials.`);
  const audience = form.get('audience');
  if (audience === null || audience === '')
    return oauthError('invalid_request', `The parameter audience is missing; send audience=${AUDIENCE}.`);
  if (audience !== AUDIENCE) return oauthError('invalid_request', `Unknown audience ${audience}; this server issues tokens for ${AUDIENCE}.`);
  return json(
    200,
    { access_token: fake.token({ clientId: principal.clientId }), token_type: 'bearer', expires_in: fake.tokenTtlSeconds },
    { 'cache-control': 'no-store', pragma: 'no-cache' },
  );
}
