import { describe, expectTypeOf, it } from 'vitest';
import type { Brand } from '@x/pro-import-enums/car';
import { validateCarCreate, type CarCreateInput, type CarCreateStrictInput, type CarPatchInput } from '@x/pro-import-client/validators/car';
import type { DrfErrorBody, ValidationOutcome, ValidationWarning } from '@x/pro-import-client/validators';

describe('validator types', () => {
  it('the strictly parsed car body carries the catalogue unions', () => {
    expectTypeOf<CarCreateStrictInput['category_fields']['brand']>().toEqualTypeOf<Brand>();
    expectTypeOf<CarCreateStrictInput['category_id']>().toEqualTypeOf<1020>();
  });

  it('the body that passed the documented rules promises only what they check', () => {
    // The catalogue is reconstructed, so a brand outside it passes (with a warning): its type cannot be the union.
    expectTypeOf<CarCreateInput['category_fields']['brand']>().toEqualTypeOf<unknown>();
    expectTypeOf<CarCreateInput['category_id']>().toEqualTypeOf<number>();
    expectTypeOf<CarCreateInput['visible']>().toEqualTypeOf<boolean>();
    expectTypeOf<CarPatchInput['visible']>().toEqualTypeOf<boolean | undefined>();
  });

  it('a registered vehicle body must not have a title', () => {
    expectTypeOf<NonNullable<CarCreateInput['title']>>().toBeNever();
  });

  it('validators return an outcome with warnings', () => {
    expectTypeOf(validateCarCreate).returns.toEqualTypeOf<ValidationOutcome<CarCreateInput>>();
    const outcome = validateCarCreate({});
    expectTypeOf(outcome.warnings).toEqualTypeOf<ValidationWarning[]>();
    if (!outcome.success) expectTypeOf(outcome.errors).toEqualTypeOf<DrfErrorBody>();
  });
});
