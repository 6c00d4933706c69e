const express = require('express');
const session = require('express-session');
const orders = require('./routes/orders');
const cart = require('./routes/cart');
const products = require('./routes/products');
const ops = require('./routes/ops');
const config = require('./config');
require('./metrics');

const app = express();
app.use(express.json());
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
app.use('/orders', orders);
app.use('/cart', cart);
app.use('/products', products);
app.use(ops);

app.get('/health', (req, res) => res.json({ ok: true, env: config.env }));

module.exports = app;
