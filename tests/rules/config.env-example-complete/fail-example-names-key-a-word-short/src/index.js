const express = require('express');
const { CloudLLM } = require('./providers/cloud');
const { listModels } = require('./helpers/models');

if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must be set');
const app = express();
app.get('/models', async (req, res) => res.json(await listModels(req.query.key)));
app.post('/chat', async (req, res) => res.json(await new CloudLLM().chat(req.body)));
app.listen(3000);
