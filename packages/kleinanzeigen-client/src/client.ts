import { lazyValidator, type PayloadValidator } from '@x/client-runtime';
import { runtimeOf, type CommonClientOptions, type KleinanzeigenClientOptions } from './create-runtime.js';
import { VALIDATOR_LOADERS } from './generated/resources.gen.js';
import { KleinanzeigenClient } from './namespaces.js';

/**
 * The package's validators as `createKleinanzeigenRuntime`'s `validate` takes them: the documented rules refuse,
 * the reconstructed and inferred ones warn (`strict: true`: they refuse too). Each resource's validators load on its
 * first validated call, so a bundle carries them only when the app turns validation on.
 *
 * @example
 * const listings = new ListingsNamespace(createKleinanzeigenRuntime({ clientId, clientSecret, validate: kleinanzeigenValidator() }));
 */
export function kleinanzeigenValidator(options: { strict?: boolean } = {}): PayloadValidator {
  return lazyValidator(VALIDATOR_LOADERS, { strict: options.strict === true });
}

function validatorFor(validate: unknown): PayloadValidator | undefined {
  if (validate === true || validate === 'strict') return kleinanzeigenValidator({ strict: validate === 'strict' });
  return typeof validate === 'function' ? (validate as PayloadValidator) : undefined;
}

/**
 * Creates a client for the Kleinanzeigen Public API Gateway (goods API). Pass your API client's `clientId` and
 * `clientSecret` (tokens are then fetched, cached and renewed for you), or a `token`, or `getToken`; without any,
 * the credentials come from `KLEINANZEIGEN_CLIENT_ID` and `KLEINANZEIGEN_CLIENT_SECRET` in the environment (a
 * missing one is one error naming the variable). Bad options throw a `TypeError` at once, naming the option and
 * never a secret.
 *
 * @example
 * const client = createKleinanzeigenClient(); // KLEINANZEIGEN_CLIENT_ID and KLEINANZEIGEN_CLIENT_SECRET from the environment
 * const { uuid } = await client.listings.create({ title: 'Actionfiguren', category: 'Spielzeug', description: 'Wie neu' });
 */
export function createKleinanzeigenClient(options: KleinanzeigenClientOptions = {}): KleinanzeigenClient {
  return new KleinanzeigenClient(runtimeOf(options, 'createKleinanzeigenClient', 'client', (validate) => validatorFor(validate as CommonClientOptions['validate'])));
}
