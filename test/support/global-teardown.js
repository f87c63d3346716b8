// Drops the PostgreSQL schemas of this run (see global-setup.js).
const { Client } = require('pg');

module.exports = async function globalTeardown() {
  const url = process.env.TEST_DATABASE_URL;
  if (process.env.TEST_DB !== 'postgresql' || !url || !process.env.TEST_RUN_ID) return;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('select nspname from pg_namespace where starts_with(nspname, $1)', [
      `t${process.env.TEST_RUN_ID}`,
    ]);
    for (const { nspname } of rows) await client.query(`drop schema "${nspname}" cascade`);
  } finally {
    await client.end();
  }
};
