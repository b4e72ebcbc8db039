export { main, parseArgs } from './main.js';
export { TARGETS, type Generator } from './targets.js';
