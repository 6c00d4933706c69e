const fs = require('fs');
const app = require('./app');
const logger = require('./logger');
const { sendAbandonedCartReminders } = require('./reminders');

setInterval(sendAbandonedCartReminders, 6 * 60 * 60 * 1000);

app.listen(3000, () => {
  fs.writeFileSync('shop.pid', String(process.pid));
  logger.info('shop listening on 3000');
});

process.on('uncaughtException', (err) => {
  logger.error('uncaught exception', err);
});
