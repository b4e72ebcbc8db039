/** A request as both faces (msw and node:http) hand it to the shared handler. */
export type FakeRequest = {
  method: string;
  /** The absolute URL. */
  url: string;
  header(name: string): string | null;
  /** The raw body (null when there is none). */
  body: Uint8Array | null;
};

export type FakeResponse = { status: number; headers: Record<string, string>; body: string };

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
