// A small Express app with a hardcoded Stripe key and a fixed port: two findings of different rules on known lines,
// shared by the fingerprint and baseline tests.
export const PORT_RULE = 'port-binding/hardcoded-port';
export const SECRET_RULE = 'config/hardcoded-secret';
export const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcTTx';

export const STRIPE_PKG = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  scripts: { start: 'node server.js' },
  dependencies: { express: '^4.19.2', stripe: '^14.0.0' },
});

/** server.js: the secret on line 3, `app.listen(3000)` on line 6. */
export const STRIPE_SERVER = [
  "const express = require('express');",
  "const Stripe = require('stripe');",
  `const stripe = new Stripe('${SECRET}');`,
  'const app = express();',
  "app.get('/', (req, res) => res.send('ok'));",
  'app.listen(3000);',
  '',
].join('\n');
