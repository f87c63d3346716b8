// One id per test run: every test file's PostgreSQL schemas start with it, and they are dropped
// together once the run ends. Dropping them file by file raced with other files' migrations,
// which list every table of the database (MikroORM's migration storage does).
const { randomBytes } = require('node:crypto');

module.exports = async function globalSetup() {
  process.env.TEST_RUN_ID ??= randomBytes(3).toString('hex');
};
