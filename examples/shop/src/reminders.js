const db = require('./db');
const mailer = require('./mailer');

async function sendAbandonedCartReminders() {
  const { rows } = await db.query("select email from carts where updated_at < now() - interval '1 day'");
  for (const row of rows) console.log(`reminding ${row.email} from ${mailer.from}`);
}

module.exports = { sendAbandonedCartReminders };
