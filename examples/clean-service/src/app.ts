import express from 'express';
import { pool } from './db';

export const app = express();
app.use(express.json());

app.get('/health', (_req, res) => {
  res.json({ ok: true });
});

app.post('/orders', async (req, res) => {
  const { rows } = await pool.query('insert into orders (total) values ($1) returning id', [req.body.total]);
  res.status(201).json({ id: rows[0].id });
});
