export default { test: { include: ['msw.test.ts'] } };
