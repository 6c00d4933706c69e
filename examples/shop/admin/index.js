// Back-office reports, reading the shop's database through the shop's own module.
const db = require('../src/db');

db.query('select count(*) from orders').then(({ rows }) => console.log(rows[0]));
