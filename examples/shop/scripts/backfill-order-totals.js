// One-off: recompute order totals after the 2024 tax change. Run by hand.
const db = require('../src/db');

db.query('update orders set total = subtotal * 1.2 where created_at < $1', ['2024-01-01']).then(() => process.exit(0));
