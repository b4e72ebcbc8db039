/**
 * A small seeded PRNG (mulberry32): same seed, same sequence, so fault rates, ids and factories replay exactly.
 * Its state is one number (`seedState`), so a fake can save it with the rest of its state and continue from it.
 *
 * @example
 * const random = new Random(42);
 * random.next();  // a float in [0, 1), the same for every run with seed 42
 * random.uuid();  // a version-4-shaped UUID drawn from the same sequence
 * const resumed = new Random(random.seedState); // continues where `random` is
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A random (version 4 shaped) UUID drawn from this generator. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((Math.floor(this.next() * 4) + 8) as number).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** The generator's state, to save and restore it with the fake's state. */
  get seedState(): number {
    return this.state;
  }
}
