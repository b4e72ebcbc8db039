/**
 * `@x/kleinanzeigen-client`: a typed client for the Kleinanzeigen Public API Gateway (goods API).
 */
export * from './core.js';
export { createKleinanzeigenClient, kleinanzeigenValidator } from './client.js';
