import type { ApiModel, GeneratedFile } from '@x/generator-core';

/** A generator turns the model into files relative to the package's `src/generated/` folder. */
export type Generator = (model: ApiModel) => Promise<GeneratedFile[]>;

/**
 * The generators by target name. Loaded lazily so a package only pays for what it generates; each lives in its
 * own workspace package under generators/ and exports `generate`.
 */
export const TARGETS: Record<string, () => Promise<Generator>> = {
  enums: async () => (await import('@x/generator-enums')).generate,
  validators: async () => (await import('@x/generator-validators')).generate,
  client: async () => (await import('@x/generator-client')).generate,
  testkit: async () => (await import('@x/generator-testkit')).generate,
};
