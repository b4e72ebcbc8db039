import { runStockSync } from './stock-sync.js';

runStockSync().catch((error: unknown) => {
  console.error(`stock-sync failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
