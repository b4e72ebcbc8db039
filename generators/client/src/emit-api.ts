import { specHeader, documentSources, type ApiModel } from '@x/generator-core';

/** `api.gen.ts`: the API facts from api.config.json the runtime needs (production base URL and the variable that overrides it, how to authenticate). */
export function emitApi(model: ApiModel): string {
  const api = {
    name: model.config.name,
    title: model.config.title,
    version: model.version,
    baseUrl: model.config.baseUrl,
    ...(model.config.baseUrlEnv === undefined ? {} : { baseUrlEnv: model.config.baseUrlEnv }),
    auth: model.config.auth,
  };
  const body = [
    '/** The API this client talks to, from api.config.json. */',
    `export const API = ${JSON.stringify(api, null, 2)} as const;`,
  ].join('\n');
  return `${specHeader(model, documentSources())}\n${body}\n`;
}
