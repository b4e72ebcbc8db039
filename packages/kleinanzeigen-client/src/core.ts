/**
 * `@x/kleinanzeigen-client/core`: the runtime and the namespaces without the whole client, for apps whose bundles
 * should carry only what they call: `new ListingsNamespace(createKleinanzeigenRuntime({ clientId, clientSecret }))`
 * bundles the listings namespace and the runtime, not the other namespaces and no validator unless `validate` is
 * given one (`kleinanzeigenValidator()` from the main entry). The main entry, `@x/kleinanzeigen-client`, exports all
 * of this too.
 */
import {
  TokenError as RuntimeTokenError,
  type CallOptions as RuntimeCallOptions,
  type Filters as RuntimeFilters,
  type PathParams as RuntimePathParams,
  type PayloadValidator as RuntimePayloadValidator,
  type QueryParams as RuntimeQueryParams,
  type RequestBody as RuntimeRequestBody,
  type RetryOptions as RuntimeRetryOptions,
  type SuccessData as RuntimeSuccessData,
  type WarningContext as RuntimeWarningContext,
  type WarningHandler as RuntimeWarningHandler,
} from '@x/client-runtime';
import type { RuleSource as RuntimeRuleSource, ValidationWarning as RuntimeValidationWarning } from '@x/client-runtime/validation';
import { API as GENERATED_API } from './generated/api.gen.js';
import type { components as Components, paths as Paths } from './generated/paths.gen.js';

export {
  createKleinanzeigenRuntime,
  type ClientCredentialsAuth,
  type CommonClientOptions,
  type GetTokenAuth,
  type KleinanzeigenClientOptions,
  type KleinanzeigenRuntimeOptions,
  type StaticTokenAuth,
} from './create-runtime.js';
export { KleinanzeigenClient, MediaNamespace, PublicationsNamespace, type RepublishQuery } from './namespaces.js';
export { ListingsNamespace } from './listings.js';
export { ImprintsNamespace } from './generated/client.gen.js';
export type * from './generated/types.gen.js';
export {
  KleinanzeigenAuthError,
  KleinanzeigenConflictError,
  KleinanzeigenForbiddenError,
  KleinanzeigenGoneError,
  KleinanzeigenHttpError,
  KleinanzeigenNotFoundError,
  KleinanzeigenOutcomeUnknownError,
  KleinanzeigenPublicationDeletedError,
  KleinanzeigenPublicationError,
  KleinanzeigenPublicationRejectedError,
  KleinanzeigenTimeoutError,
  KleinanzeigenUnsupportedMediaTypeError,
  KleinanzeigenValidationError,
  type ProblemDetails,
  type Publication,
} from './runtime/errors.js';
export type { UploadData, UploadOptions } from './runtime/upload.js';
export {
  SUPPORTED_MEDIA_TYPES,
  type FieldError,
  type FieldsProblem,
  type SupportedMediaType,
  type UnsupportedMediaTypeProblem,
  type ValidationProblem,
} from './runtime/validation/problem.js';
export type { WaitOptions } from './runtime/waiting.js';
export { ApiHttpError, ApiPromise, type AttemptContext, type DebugLog, type Middleware, type OperationInfo, type Sent } from '@x/client-runtime';

/**
 * The API this client talks to, from the snapshot's `api.config.json`: production base URL, token endpoint,
 * audience, and the environment variables the examples read the credentials from.
 *
 * @example
 * createKleinanzeigenClient({ clientId: process.env[API.auth.clientIdEnv]!, clientSecret: process.env[API.auth.clientSecretEnv]! });
 */
export const API = GENERATED_API;

/**
 * The API's schemas (openapi-typescript's `components`), request bodies and responses alike.
 *
 * @example
 * type Listing = components['schemas']['Listing'];
 * type ListingCreate = components['schemas']['ListingCreateRequest'];
 */
export type components = Components;

/**
 * The API's operations by path and method (openapi-typescript's `paths`), for `RequestBody` and `SuccessData`.
 *
 * @example
 * type Ticket = SuccessData<paths['/v1/media']['post']>; // { ticketUuid, signedPutUrl, expireAt }
 */
export type paths = Paths;

/**
 * Settings every call takes as its last argument.
 *
 * @example
 * await client.listings.get(uuid, { signal: AbortSignal.timeout(5_000), timeoutMs: 2_000 });
 */
export type CallOptions = RuntimeCallOptions;

/**
 * The JSON request body of an operation.
 *
 * @example
 * const body: RequestBody<paths['/v1/listings']['post']> = { title: 'Lego', category: 'Spielzeug', description: 'Wie neu' };
 */
export type RequestBody<Op> = RuntimeRequestBody<Op>;

/**
 * The JSON body of an operation's success answer (200, 201 or 202; `undefined` for a 204).
 *
 * @example
 * type Listing = SuccessData<paths['/v1/listings/{uuid}']['get']>;
 */
export type SuccessData<Op> = RuntimeSuccessData<Op>;

/**
 * The path parameters of an operation.
 *
 * @example
 * type Ids = PathParams<paths['/v1/listings/{uuid}/publications/{publicationUuid}']['get']>; // { uuid; publicationUuid }
 */
export type PathParams<Op> = RuntimePathParams<Op>;

/**
 * The query parameters of an operation as the document declares them.
 *
 * @example
 * type State = QueryParams<paths['/v1/listings/{uuid}/publications/{publicationUuid}/state']['put']>; // { requestedState }
 */
export type QueryParams<Op> = RuntimeQueryParams<Op>;

/**
 * Query parameters as the client's methods take them (lists may be arrays: `urls` of `media.delete`).
 *
 * @example
 * await client.media.delete(listingUuid, { urls: [first, second] });
 */
export type Filters<Q> = RuntimeFilters<Q>;

/**
 * Retry settings: attempts after the first, and the bounds of the backoff (full jitter, `Retry-After` honoured).
 *
 * @example
 * createKleinanzeigenClient({ clientId, clientSecret, retry: { retries: 5, maxDelayMs: 20_000 } });
 */
export type RetryOptions = RuntimeRetryOptions;

/**
 * Your own body check for the `validate` option: answer `{ success: true, data }` or `{ success: false, errors }`
 * (the 400 body; the client throws `KleinanzeigenValidationError` with it and sends nothing).
 *
 * @example
 * const validate: PayloadValidator = (resource, kind, body) => ({ success: true, data: body });
 * createKleinanzeigenClient({ clientId, clientSecret, validate });
 */
export type PayloadValidator = RuntimePayloadValidator;

/**
 * A rule a validated body breaks that the documentation does not state (reconstructed or inferred): reported to
 * `onWarning`, and the body is sent all the same.
 *
 * @example
 * const onWarning = (warnings: readonly ValidationWarning[]) => warnings.forEach((w) => console.warn(w.path, w.message, w.source.reason));
 */
export type ValidationWarning = RuntimeValidationWarning;

/**
 * Where a rule that only warns comes from: the reconstruction's reasoning (`inferred`) or its design
 * (`reconstructed`), with the reason.
 *
 * @example
 * const isGuess = (source: RuleSource) => source.kind === 'reconstructed';
 */
export type RuleSource = RuntimeRuleSource;

/**
 * Receives the warnings of a validated body, and where it was going, before it is sent.
 *
 * @example
 * const onWarning: WarningHandler = (warnings, { method, path }) => console.warn(method, path, warnings);
 */
export type WarningHandler = RuntimeWarningHandler;

/**
 * Where a validated body was going (`onWarning`'s second argument).
 *
 * @example
 * const describe = ({ method, path, resource, kind }: WarningContext) => `${method} ${path} (${resource}.${kind})`;
 */
export type WarningContext = RuntimeWarningContext;

/**
 * The token endpoint refused the client credentials (`code` is the OAuth error, such as `invalid_client`) or could
 * not be reached. Its message never shows the client secret.
 *
 * @example
 * catch (error) {
 *   if (error instanceof TokenError && error.code === 'invalid_client') console.error('check KLEINANZEIGEN_CLIENT_SECRET');
 * }
 */
export const TokenError = RuntimeTokenError;
/**
 * The token endpoint refused the client credentials or could not be reached.
 *
 * @example
 * const describe = (error: TokenError) => `${error.status ?? 'no answer'} ${error.code ?? ''}`;
 */
export type TokenError = RuntimeTokenError;
