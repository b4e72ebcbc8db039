import { isMergePatch, validateMerged, validatePayload } from '@x/pro-import-client/validators';

/** DRF field errors: nested objects of string arrays. */
export type FieldErrors = { [field: string]: string[] | FieldErrors };
/** A 400 body: field errors, or non-field errors as a bare array. */
export type DrfErrorBody = FieldErrors | string[];
export type ValidationOutcome<T = unknown> =
  | { success: true; data: T }
  | { success: false; errors: DrfErrorBody };
export type PayloadKind = 'create' | 'update' | 'patch' | 'migrate';

/** The body validator: the client's own, so the fake and the client can never disagree about a 400. */
export type ValidatePayload = (resource: string, kind: PayloadKind, body: unknown) => ValidationOutcome;

/**
 * The check of a merge-patch body's result: the stored ad's fields with the body merged in, as the server sees them
 * (contact's email, latitude with longitude, required category fields). `undefined` when `kind` bodies of
 * `resource` are not merge patches (V3 PUT: "Same signature as ad creation").
 */
export type ValidateMerged = (resource: string, kind: PayloadKind, merged: unknown) => ValidationOutcome | undefined;

/** The client's validator: documented rules refuse; with `strict`, the reconstruction's rules refuse too. */
export function validatorFor(options: { strict: boolean }): ValidatePayload {
  return (resource, kind, body) => validatePayload(resource, kind, body, { strict: options.strict });
}

/** The client's check of a merged ad (see `ValidateMerged`), with the same `strict` setting. */
export function mergedValidatorFor(options: { strict: boolean }): ValidateMerged {
  return (resource, kind, merged) =>
    isMergePatch(resource, kind) ? validateMerged(resource, kind, merged, { strict: options.strict }) : undefined;
}
