import { CATALOGUES } from '../generated/catalogues.gen.js';
import { RESOURCES } from '../generated/resources.gen.js';
import type { ResourceFacts } from '../runtime/spec-types.js';
import { isRecord, type JsonObject } from './json.js';

/** The facts of a vehicle type, or `undefined` for a name the API does not have. */
export function resourceFacts(resource: string): ResourceFacts | undefined {
  return Object.hasOwn(RESOURCES, resource) ? RESOURCES[resource] : undefined;
}

/** The V4 vehicle type a category belongs to: its own category first, then the V3 categories it took over. */
export function resourceOfCategory(categoryId: number): string | undefined {
  const entries = Object.entries(RESOURCES);
  return (
    entries.find(([, facts]) => facts.categoryId === categoryId)?.[0] ??
    entries.find(([, facts]) => facts.legacyCategoryIds.includes(categoryId))?.[0]
  );
}

export function isRegisteredCategory(categoryId: number): boolean {
  const resource = resourceOfCategory(categoryId);
  return resource !== undefined && own(RESOURCES, resource)?.registered === true;
}

/** An own property of `record` only, so a key like `__proto__` or `valueOf` from a request never reaches Object.prototype. */
function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The display name of a catalogue value (`volvo` -> `Volvo`), or the id itself when the catalogue does not list it. */
function catalogueName(resource: string, attribute: string, id: unknown): string | undefined {
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  const values = own(own(CATALOGUES, resource)?.values, attribute) ?? [];
  return values.find((v) => v.id === String(id))?.name ?? String(id);
}

/** The title the API generates for registered vehicles: brand, model, variant and model year. */
export function generatedTitle(resource: string, categoryFields: unknown): string {
  if (!isRecord(categoryFields)) return '';
  const cf: JsonObject = categoryFields;
  const brandId = typeof cf.brand === 'string' ? cf.brand : undefined;
  const modelValues =
    brandId === undefined ? [] : (own(own(own(CATALOGUES, resource)?.children, 'model')?.values, brandId) ?? []);
  const model =
    typeof cf.model === 'string' ? (modelValues.find((m) => m.id === cf.model)?.name ?? cf.model) : undefined;
  const parts = [catalogueName(resource, 'brand', cf.brand), model, cf.model_variant, cf.model_year];
  return parts.filter((p) => (typeof p === 'string' && p !== '') || typeof p === 'number').join(' ');
}
