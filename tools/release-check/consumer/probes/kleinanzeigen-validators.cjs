// @x/kleinanzeigen-client/validators: the create body's required fields are the reconstruction's (gap G-5), so a
// listing with only a title passes with warnings naming what is missing, and refuses under { strict: true }.
'use strict';

module.exports = async function probe(load) {
  const { validatePayload, resourceNames } = await load('@x/kleinanzeigen-client/validators');
  const lenient = validatePayload('listings', 'create', { title: 'only a title' });
  if (!lenient.success || !lenient.warnings.some((w) => w.path === 'category')) throw new Error(`expected a pass with a warning on category: ${JSON.stringify(lenient).slice(0, 300)}`);
  const strict = validatePayload('listings', 'create', { title: 'only a title' }, { strict: true });
  if (strict.success) throw new Error('{ strict: true } accepted a listing with only a title');
  return `${resourceNames.length} resources; a title-only listing warns (${lenient.warnings.length}) and refuses when strict`;
};
