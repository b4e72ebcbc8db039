export * from './core.js';
export { createProImportClient, proImportValidator } from './client.js';
export { RESOURCES, type ResourceName } from './generated/resources.gen.js';
