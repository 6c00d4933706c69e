const Redis = require('ioredis');

const redis = new Redis({ host: '10.0.4.12', port: 6379 });

module.exports = redis;
