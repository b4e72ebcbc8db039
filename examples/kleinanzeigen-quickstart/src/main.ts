import { runQuickstart } from './quickstart.js';

runQuickstart().catch((error: unknown) => {
  console.error(`kleinanzeigen quickstart failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
