import { formatTypeScript, specHeader, documentSources, type ApiModel } from '@x/generator-core';

/** `api.gen.ts`: the API facts from api.config.json the runtime needs (production base URL, how to authenticate). */
export async function emitApi(model: ApiModel): Promise<string> {
  const api = {
    name: model.config.name,
    title: model.config.title,
    version: model.version,
    baseUrl: model.config.baseUrl,
    auth: model.config.auth,
  };
  const body = [
    '/** The API this client talks to, from api.config.json. */',
    `export const API = ${JSON.stringify(api, null, 2)} as const;`,
  ].join('\n');
  return formatTypeScript(`${specHeader(model, documentSources())}\n${body}\n`);
}
