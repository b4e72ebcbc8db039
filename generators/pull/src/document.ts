import { isRecord, validateOpenApi } from '@x/generator-core';
import { parse as parseYaml } from 'yaml';
import { PullError, describeError } from './errors.js';

/**
 * Parses the fetched schema document. JSON when it starts like JSON (so broken JSON gets a JSON error), YAML
 * otherwise, because drf-spectacular serves YAML unless asked for `?format=json`. The content is sniffed rather
 * than trusting Content-Type, which servers get wrong.
 *
 * @example
 * parseDocumentText('openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}', 'https://x/schema'); // { openapi: '3.1.0', ... }
 */
export function parseDocumentText(text: string, url: string): Record<string, unknown> {
  const trimmed = text.trimStart();
  const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  let parsed: unknown;
  if (looksJson) {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new PullError(
        'document',
        `the schema document at ${url} is not valid JSON (${describeError(error)}); check --schema-url`,
      );
    }
  } else {
    try {
      parsed = parseYaml(text);
    } catch (error) {
      throw new PullError(
        'document',
        `the schema document at ${url} is neither JSON nor valid YAML (${describeError(error)}); check --schema-url`,
      );
    }
  }
  if (!isRecord(parsed)) {
    throw new PullError(
      'document',
      `the schema document at ${url} is not a JSON or YAML object; check --schema-url`,
    );
  }
  return parsed;
}

/** Validates with the same rules as `pnpm generate`, failing with the first problem's pointer. */
export async function assertValidDocument(document: Record<string, unknown>, url: string): Promise<void> {
  const problems = await validateOpenApi(document, url);
  const [first] = problems;
  if (first === undefined) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
  throw new PullError(
    'document',
    `the schema document at ${url} is not a valid OpenAPI document: ${first.pointer}: ${first.message}${more}`,
  );
}
