const { Pool } = require('pg');

// One pool for the whole process.
const pool = new Pool({
  connectionString: 'postgres://shop:Sup3rS3cretPw@db.internal:5432/shop',
  max: 10,
});

module.exports = { query: (text, params) => pool.query(text, params) };
