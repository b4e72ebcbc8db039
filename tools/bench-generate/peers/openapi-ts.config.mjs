// @hey-api/openapi-ts: a fetch SDK and zod schemas of the document (issue 12's peer configuration).
export default {
  input: process.env.BENCH_SPEC,
  output: { path: process.env.BENCH_OUT },
  plugins: ['@hey-api/client-fetch', '@hey-api/sdk', 'zod'],
};
