const express = require('express');

if (!process.env.DATABASE_URL) {
  throw new Error('DATABASE_URL must be set');
}

const app = express();
app.set('db', process.env.DATABASE_URL);
// an optional integration nothing enforces
app.set('slack', process.env.SLACK_WEBHOOK_URL);
app.listen(3000);
