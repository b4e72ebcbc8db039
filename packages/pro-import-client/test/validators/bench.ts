/**
 * `pnpm bench`: validations per second of a realistic car create body, valid and invalid. Prints figures; asserts
 * nothing (timings depend on the machine).
 */
import { validateCarCreate } from '@x/pro-import-client/validators/car';
import { validatePayload } from '@x/pro-import-client/validators';
import { example, withValue } from './payloads.js';

const valid = example('v4_car_create');
const invalid = withValue(
  withValue(withValue(withValue(valid, 'title', 'Volvo XC60'), 'category_fields.brand', 'volvo'), 'category_fields.model', 'golf'),
  'price',
  [{ type: 'list', amount: 429900 }, { type: 'reduced', amount: 'x' }],
);

function measure(name: string, run: () => unknown, seconds = 1): void {
  for (let i = 0; i < 2_000; i += 1) run();
  let count = 0;
  const start = performance.now();
  const end = start + seconds * 1_000;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i += 1) run();
    count += 100;
  }
  const elapsed = (performance.now() - start) / 1_000;
  const perSecond = Math.round(count / elapsed);
  console.log(`${name.padEnd(48)} ${perSecond.toLocaleString('en-US').padStart(10)} validations/s  ${((elapsed / count) * 1e6).toFixed(1).padStart(7)} µs each`);
}

if (!validateCarCreate(valid).success) throw new Error('the valid benchmark payload does not validate');
const rejected = validateCarCreate(invalid);
if (rejected.success) throw new Error('the invalid benchmark payload validates');

console.log(`validators benchmark on Node ${process.version} (${process.platform} ${process.arch})`);
console.log(`invalid payload answers: ${JSON.stringify(rejected.errors)}`);
measure('car create, valid (validateCarCreate)', () => validateCarCreate(valid));
measure('car create, invalid (validateCarCreate)', () => validateCarCreate(invalid));
measure('car create, valid (validatePayload)', () => validatePayload('car', 'create', valid));
measure('car create, invalid (validatePayload)', () => validatePayload('car', 'create', invalid));
