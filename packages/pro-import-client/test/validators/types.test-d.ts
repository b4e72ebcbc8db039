import { describe, expectTypeOf, it } from 'vitest';
import type { Brand } from '@x/pro-import-enums/car';
import { validateCarCreate, type CarCreateInput, type CarPatchInput } from '@x/pro-import-client/validators/car';
import type { DrfErrorBody, ValidationOutcome } from '@x/pro-import-client/validators';

describe('validator types', () => {
  it('the parsed car body carries the catalogue unions', () => {
    expectTypeOf<CarCreateInput['category_fields']['brand']>().toEqualTypeOf<Brand>();
    expectTypeOf<CarCreateInput['category_id']>().toEqualTypeOf<1020>();
    expectTypeOf<CarCreateInput['visible']>().toEqualTypeOf<boolean>();
    expectTypeOf<CarPatchInput['visible']>().toEqualTypeOf<boolean | undefined>();
  });

  it('a registered vehicle body has no title', () => {
    // @ts-expect-error title is not part of a car body
    expectTypeOf<CarCreateInput['title']>().toBeString();
  });

  it('validators return an outcome', () => {
    expectTypeOf(validateCarCreate).returns.toEqualTypeOf<ValidationOutcome<CarCreateInput>>();
    const outcome = validateCarCreate({});
    if (!outcome.success) expectTypeOf(outcome.errors).toEqualTypeOf<DrfErrorBody>();
  });
});
