import { describe, expectTypeOf, it } from 'vitest';
import type { SuccessData } from '../src/index.js';

type Json<T> = { content: { 'application/json': T } };

describe('SuccessData', () => {
  it('is the body of 200, else 201, else 202', () => {
    expectTypeOf<SuccessData<{ responses: { 200: Json<{ a: 1 }>; 201: Json<{ b: 1 }> } }>>().toEqualTypeOf<{ a: 1 }>();
    expectTypeOf<SuccessData<{ responses: { 201: Json<{ b: 1 }>; 400: Json<{ e: 1 }> } }>>().toEqualTypeOf<{ b: 1 }>();
    expectTypeOf<SuccessData<{ responses: { 202: Json<{ uuid: string }>; 404: Json<{ e: 1 }> } }>>().toEqualTypeOf<{ uuid: string }>();
  });

  it('is undefined for an answer without a body', () => {
    expectTypeOf<SuccessData<{ responses: { 204: { content?: never }; 404: Json<{ e: 1 }> } }>>().toEqualTypeOf<undefined>();
  });
});
