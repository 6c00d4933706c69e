// Settings for the shop. Some are read from the environment, some are not.
module.exports = {
  env: process.env.NODE_ENV || 'development',
  jwtSecret: 'q8N3vZ2kLp0xR7tY4wB9eD5s',
  sessionTtlSeconds: 3600,
};
