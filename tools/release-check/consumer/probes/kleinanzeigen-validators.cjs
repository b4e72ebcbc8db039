// @x/kleinanzeigen-client/validators: a listing without its documented required fields is refused in the gateway's
// error shape.
'use strict';

module.exports = async function probe(load) {
  const { validatePayload, resourceNames } = await load('@x/kleinanzeigen-client/validators');
  const bad = validatePayload('listings', 'create', { title: 'only a title' });
  if (bad.success) throw new Error('a listing with only a title was accepted');
  return `${resourceNames.length} resources; an incomplete listing refused`;
};
