/** Fixed names of the validators' generated modules (spec-derived names come from @x/generator-core's naming). */

export type PayloadKind = 'create' | 'update' | 'patch' | 'migrate';
export const PAYLOAD_KINDS: readonly PayloadKind[] = ['create', 'update', 'patch', 'migrate'];

/** The runtime the generated validators import, relative to `src/generated/validators/`. */
export const VALIDATION_RUNTIME = '../../runtime/validation/index.js';
