/**
 * Row 3: car create validations per second through the client's validator against the hand-written zod schema of
 * the same rules (`car-schema.ts`), on the valid example and on a body with four mistakes. Short slices of each
 * alternate in a shuffled order; each figure is the median of its slices.
 */
import { validateCarCreate } from '@x/pro-import-client/validators/car';
import { handWrittenCarCreate, invalidCar, validCar } from './car-schema.js';
import { median, shuffled } from './measure.js';

type Variant = 'ours valid' | 'zod valid' | 'ours invalid' | 'ours invalid, warnings read' | 'zod invalid';

const variants: Record<Variant, () => unknown> = {
  'ours valid': () => validateCarCreate(validCar),
  'zod valid': () => handWrittenCarCreate.safeParse(validCar),
  'ours invalid': () => {
    const outcome = validateCarCreate(invalidCar);
    return outcome.success ? undefined : outcome.errors;
  },
  'ours invalid, warnings read': () => {
    const outcome = validateCarCreate(invalidCar);
    return outcome.success ? undefined : [outcome.errors, outcome.warnings.length];
  },
  // The error's issues are what an application reads from a failed parse (zod builds them on first read).
  'zod invalid': () => handWrittenCarCreate.safeParse(invalidCar).error?.issues,
};

function slice(run: () => unknown, ms: number): number {
  let count = 0;
  const start = performance.now();
  const end = start + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i += 1) run();
    count += 50;
  }
  return count / ((performance.now() - start) / 1000);
}

export function validatorsRow(options: { rounds?: number; sliceMs?: number } = {}): Record<Variant, number> {
  if (!validateCarCreate(validCar).success || !handWrittenCarCreate.safeParse(validCar).success) throw new Error('the valid example does not validate');
  if (validateCarCreate(invalidCar).success || handWrittenCarCreate.safeParse(invalidCar).success) throw new Error('the invalid example validates');
  const names = Object.keys(variants) as Variant[];
  for (const name of names) slice(variants[name], 200);
  const rates = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Variant, number[]>;
  for (let round = 0; round < (options.rounds ?? 15); round += 1) {
    for (const name of shuffled(names, round + 1)) rates[name].push(slice(variants[name], options.sliceMs ?? 100));
  }
  return Object.fromEntries(names.map((n) => [n, median(rates[n])])) as Record<Variant, number>;
}
