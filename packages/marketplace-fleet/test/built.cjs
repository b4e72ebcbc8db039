// The built CJS entries, as users require them (see built-check.cjs).
const { checkBuild } = require('./built-check.cjs');

checkBuild('cjs', require('../dist/index.cjs'), require('../dist/local-postgres.cjs')).then(
  () => console.log('CJS build: local PostgreSQL, migrate, enqueue, a worker syncing a dealer, and status work'),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
