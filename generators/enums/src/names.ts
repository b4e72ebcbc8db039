/** Fixed names of the enums package's generated modules (spec-derived names come from @x/generator-core's naming). */

/** The list of a module's attributes. */
export const ATTRIBUTES_EXPORT = 'attributes';
/** The runtime module generated files import, relative to `src/generated/`. */
export const CATALOGUE_RUNTIME = '../runtime/catalogue.js';
