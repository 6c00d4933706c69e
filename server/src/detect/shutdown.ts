// Packages that shut a process down gracefully for it: importing one counts as handling SIGTERM.

/** Packages that install SIGTERM handling (or are only used together with one). */
export const GRACEFUL_PACKAGES = new Set([
  '@godaddy/terminus',
  'http-terminator',
  'stoppable',
  'lightship',
  'close-with-grace',
  'http-graceful-shutdown',
  'fastify-graceful-shutdown',
  '@moebius/http-graceful-shutdown',
  'exit-hook',
  'async-exit-hook',
  'signal-exit',
  'death',
  'node-graceful-shutdown',
  'node-cleanup',
  'graceful-shutdown-express',
  'express-graceful-shutdown',
  'tiny-graceful-shutdown',
  '@nestjs/terminus-graceful',
]);
