const express = require('express');
const db = require('../db');

const router = express.Router();

// Fills in totals of orders from before the 2024-05 pricing change; meant to run once.
router.post('/internal/backfill-order-totals', async (req, res) => {
  const { rowCount } = await db.query('update orders set total = subtotal + shipping where total is null');
  res.json({ updated: rowCount });
});

module.exports = router;
