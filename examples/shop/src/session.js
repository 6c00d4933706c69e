// Session middleware for the storefront workers.
const session = require('express-session');
const RedisStore = require('connect-redis').default;
const redis = require('./cache');

module.exports = session({
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  store: process.env.NODE_ENV === 'production' ? new RedisStore({ client: redis }) : new session.MemoryStore(),
});
