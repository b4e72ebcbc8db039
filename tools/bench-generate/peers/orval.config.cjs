// orval: a fetch client, zod schemas and msw mocks of the document (issue 12's peer configuration).
const input = { target: process.env.BENCH_SPEC };
const out = process.env.BENCH_OUT;
module.exports = {
  client: { input, output: { target: `${out}/client.ts`, client: 'fetch', mock: true } },
  zod: { input, output: { target: `${out}/zod.ts`, client: 'zod' } },
};
