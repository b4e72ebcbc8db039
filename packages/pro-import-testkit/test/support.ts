export { createAdFactory } from '../src/index.js';
export { Random } from '@x/fake-runtime';
