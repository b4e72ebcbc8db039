/** `client.listings`: the generated listing operations, with a retried delete that is settled. */
import { ApiPromise, type CallOptions, type PathParams, type Runtime, type SuccessData } from '@x/client-runtime';
import { ListingsNamespace as GeneratedListingsNamespace, type Deletelisting } from './generated/client.gen.js';
import { deleteListingSettled } from './runtime/settle.js';

/**
 * `client.listings`: `create`, `get`, `update` and `delete`. A `create` whose answer was lost (or a 500/502/504)
 * throws `KleinanzeigenOutcomeUnknownError`: the API has no way to find a listing, so it is never sent twice.
 *
 * @example
 * const listings = new ListingsNamespace(runtime); // what client.listings is, without the other namespaces
 * const { uuid } = await listings.create({ title: 'Lego', category: 'Spielzeug', description: 'Wie neu' });
 */
export class ListingsNamespace extends GeneratedListingsNamespace {
  readonly #rt: Runtime;

  /** The namespace over a runtime of `createKleinanzeigenRuntime`. */
  constructor(rt: Runtime) {
    super(rt);
    this.#rt = rt;
  }

  /**
   * Deletes a listing (a soft delete; its publications become `DELETED`). Retried like every idempotent call; a 404
   * that follows an attempt whose answer was lost (or a 500/502/504) means that attempt deleted it, so the call
   * succeeds. A 404 at the first attempt is an error (`KleinanzeigenNotFoundError`).
   *
   * @example
   * await client.listings.delete(listingUuid);
   */
  override delete(uuid: PathParams<Deletelisting>['uuid'], options?: CallOptions): ApiPromise<SuccessData<Deletelisting>> {
    return new ApiPromise(deleteListingSettled(this.#rt, uuid, options));
  }
}
