// Prometheus-style metrics for the ops dashboard.
const http = require('http');

let ordersServed = 0;

http
  .createServer((req, res) => {
    res.end(`shop_orders_served ${ordersServed}\n`);
  })
  .listen(Number(process.env.METRICS_PORT) || 9100, '127.0.0.1');

module.exports = { countOrder: () => { ordersServed += 1; } };
