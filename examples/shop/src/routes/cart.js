const express = require('express');

const router = express.Router();

// Carts keyed by customer, kept in this process's memory.
const carts = new Map();

router.post('/:customerId/items', (req, res) => {
  const items = carts.get(req.params.customerId) || [];
  items.push(req.body);
  carts.set(req.params.customerId, items);
  res.status(201).json({ items });
});

router.get('/:customerId', (req, res) => {
  res.json({ items: carts.get(req.params.customerId) || [] });
});

module.exports = router;
