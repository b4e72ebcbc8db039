export { createAdFactory } from '../src/index.js';
export { Random } from '../src/fake/random.js';
