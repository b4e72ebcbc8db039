import { ProImportClient } from './generated/client.gen.js';
import { VALIDATOR_LOADERS } from './generated/resources.gen.js';
import { lazyValidator, type PayloadValidator } from '@x/client-runtime';
import { runtimeOf, type ProImportClientOptions } from './create-runtime.js';

/**
 * The package's validators as the client's `validate` option takes them: the rules the documentation states refuse,
 * the reconstructed and inferred ones warn (`strict: true`: they refuse too). A type's validators are loaded on its
 * first validated call, so a bundle carries them only when the app turns validation on.
 *
 * @example
 * const car = new CarNamespace(createProImportRuntime({ token, validate: proImportValidator() }));
 */
export function proImportValidator(options: { strict?: boolean } = {}): PayloadValidator {
  return lazyValidator(VALIDATOR_LOADERS, { strict: options.strict === true });
}

/**
 * Creates a client for Blocket's Pro Import API. Without a `token` it reads `PRO_IMPORT_TOKEN` from the environment,
 * without a `baseUrl` `PRO_IMPORT_BASE_URL` (else production); neither set is one error naming the variable.
 *
 * @example
 * const client = createProImportClient(); // PRO_IMPORT_TOKEN from the environment
 * const ad = await client.car.create({ source_id: 'car-1', category_id: 1020, category_fields: { ... } });
 */
export function createProImportClient(options: ProImportClientOptions = {}): ProImportClient {
  return new ProImportClient(runtimeOf(options, 'createProImportClient', 'client', validatorFor));
}

/** The client's `validate` option (checked) as a validator: `true` and `'strict'` are the package's own. */
function validatorFor(validate: unknown): PayloadValidator | undefined {
  if (validate === true || validate === 'strict') return proImportValidator({ strict: validate === 'strict' });
  return typeof validate === 'function' ? (validate as PayloadValidator) : undefined;
}
