import { readReply, type Reply } from '@x/fake-runtime';

export type { Reply };

/** The minimal HTTP the suite needs, over any fetch; never includes the token in what it reports. */
export type Http = {
  call(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string | null; raw?: string; contentType?: string },
  ): Promise<Reply>;
  /** The base URL without the token, for messages. */
  baseUrl: string;
};

export function createHttp(baseUrl: string, token: string, fetchImpl: typeof fetch): Http {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    baseUrl: base,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      const useToken = options.token === undefined ? token : options.token;
      if (useToken !== null) headers['X-Auth-Token'] = useToken;
      let body: string | undefined;
      if (options.raw !== undefined) body = options.raw;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
      const response = await fetchImpl(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      return readReply(response);
    },
  };
}
