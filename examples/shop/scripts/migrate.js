// Applies db/schema.sql to the database.
const fs = require('fs');
const path = require('path');
const db = require('../src/db');

db.query(fs.readFileSync(path.join(__dirname, '..', 'db', 'schema.sql'), 'utf8')).then(() => process.exit(0));
