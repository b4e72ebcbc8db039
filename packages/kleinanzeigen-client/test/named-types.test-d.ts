import { describe, expectTypeOf, it } from 'vitest';
import {
  createKleinanzeigenClient,
  type ImprintCreateBody,
  type Listing,
  type ListingCreateBody,
  type ListingUpdateBody,
  type Publication,
  type PublicationCreateBody,
  type PublicationList,
  type RequestBody,
  type SuccessData,
  type paths,
} from '../src/index.js';

const client = createKleinanzeigenClient({ clientId: 'id', clientSecret: 'secret' });

describe('a named type per operation body and answer', () => {
  it('the methods take the named body types', () => {
    expectTypeOf(client.listings.create).parameter(0).toEqualTypeOf<ListingCreateBody>();
    expectTypeOf(client.listings.update).parameter(1).toEqualTypeOf<ListingUpdateBody>();
    expectTypeOf(client.imprints.create).parameter(0).toEqualTypeOf<ImprintCreateBody>();
    expectTypeOf<PublicationCreateBody>().toEqualTypeOf<RequestBody<paths['/v1/listings/{uuid}/publications']['post']>>();
  });

  it('the answers are named', () => {
    expectTypeOf(client.listings.get('uuid')).resolves.toEqualTypeOf<Listing>();
    expectTypeOf<Publication>().toEqualTypeOf<SuccessData<paths['/v1/listings/{uuid}/publications/{publicationUuid}']['get']>>();
    expectTypeOf<PublicationList>().toEqualTypeOf<SuccessData<paths['/v1/listings/{uuid}/publications']['get']>>();
  });
});
