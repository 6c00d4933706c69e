const express = require('express');
const orders = require('./routes/orders');
const config = require('./config');

const app = express();
app.use(express.json());
app.use('/orders', orders);

app.get('/health', (req, res) => res.json({ ok: true, env: config.env }));

app.listen(3000, () => {
  console.log('shop listening on 3000');
});
