/** Fixed names of the validators' generated modules (spec-derived names come from @x/generator-core's naming). */

/** The runtime the generated validators import, relative to `src/generated/validators/`. */
export const VALIDATION_RUNTIME = '../../runtime/validation/index.js';
