const winston = require('winston');
require('winston-daily-rotate-file');

module.exports = winston.createLogger({
  level: 'info',
  format: winston.format.json(),
  transports: [
    new winston.transports.File({ filename: 'logs/error.log', level: 'error' }),
    new winston.transports.DailyRotateFile({ filename: 'logs/shop-%DATE%.log', maxFiles: '14d' }),
  ],
});
