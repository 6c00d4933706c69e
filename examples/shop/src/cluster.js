// Runs several shop processes on one machine, pinning each client to one of them.
const http = require('http');
const sticky = require('sticky-session');
const app = require('./app');

const server = http.createServer(app);
if (!sticky.listen(server, Number(process.env.PORT) || 3000)) {
  server.once('listening', () => console.log('cluster master started'));
}
