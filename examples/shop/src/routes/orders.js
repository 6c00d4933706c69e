const express = require('express');
const db = require('../db');
const { charge } = require('../payments');

const router = express.Router();

router.post('/', async (req, res) => {
  const { rows } = await db.query('insert into orders (customer_id, total) values ($1, $2) returning id', [req.body.customerId, req.body.total]);
  try {
    await charge(req.body.total, req.body.customerId);
  } catch (err) {
    console.error('payment failed', err);
    process.exit(1);
  }
  res.status(201).json({ id: rows[0].id });
});

module.exports = router;
