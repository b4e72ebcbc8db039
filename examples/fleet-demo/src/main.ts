import { runFleetDemo } from './fleet-demo.js';

runFleetDemo().then(
  ({ workerExitCodes }) => {
    console.log(`\nworkers exited ${workerExitCodes.join(', ')}; everything the demo started is stopped`);
  },
  (error: unknown) => {
    console.error(`fleet demo failed: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
