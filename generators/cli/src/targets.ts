import type { ApiModel, GeneratedFile } from '@x/generator-core';

/** A generator turns the model into files relative to the package's `src/generated/`, before formatting. */
export type Generator = (model: ApiModel) => GeneratedFile[] | Promise<GeneratedFile[]>;

/**
 * The generators by target name. Loaded lazily so a run only pays for what it generates; each lives in its own
 * workspace package under generators/ and exports `emitFiles` (what it emits; the caller formats every file of a
 * run at once) and `generate` (the same, formatted).
 */
export const TARGETS: Record<string, () => Promise<Generator>> = {
  enums: async () => (await import('@x/generator-enums')).emitFiles,
  validators: async () => (await import('@x/generator-validators')).emitFiles,
  client: async () => (await import('@x/generator-client')).emitFiles,
  testkit: async () => (await import('@x/generator-testkit')).emitFiles,
};
