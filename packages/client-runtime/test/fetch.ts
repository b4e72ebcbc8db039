/** An in-memory fetch: each request goes to `handler`, and is recorded with its body as text. */
export type Seen = { method: string; url: string; headers: Headers; body: string };
export type Answer = { status?: number; body?: unknown; headers?: Record<string, string> } | Error;

export function fakeFetch(handler: (request: Seen, index: number) => Answer | Promise<Answer>) {
  const seen: Seen[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const entry: Seen = { method: request.method, url: request.url, headers: request.headers, body: await request.text() };
    seen.push(entry);
    const answer = await handler(entry, seen.length - 1);
    if (answer instanceof Error) throw answer;
    const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : text, { status: answer.status ?? 200, headers: { 'Content-Type': 'application/json', ...answer.headers } });
  };
  return { fetch, seen };
}
