// @x/pro-import-client/validators: a valid car passes, a car without its documented required fields is refused in
// the server's error shape.
'use strict';

module.exports = async function probe(load) {
  const { validatePayload } = await load('@x/pro-import-client/validators');
  const { buildAd } = await load('@x/pro-import-testkit');
  const good = validatePayload('car', 'create', buildAd('car'));
  if (!good.success) throw new Error(`a valid car was refused: ${JSON.stringify(good)}`);
  const bad = validatePayload('car', 'create', { source_id: 'x' });
  if (bad.success) throw new Error('a car with only a source_id was accepted');
  const fields = Object.keys(bad.errors ?? {});
  if (fields.length === 0) throw new Error(`the refusal names no field: ${JSON.stringify(bad.errors)}`);
  return `valid car accepted; incomplete car refused on ${fields.length} fields`;
};
