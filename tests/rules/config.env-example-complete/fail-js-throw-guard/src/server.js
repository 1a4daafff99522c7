const express = require('express');

// the server refuses to start without these
if (!process.env.DATABASE_URL || !process.env.SESSION_SECRET) {
  throw new Error('DATABASE_URL and SESSION_SECRET must be set');
}

const app = express();
app.set('db', process.env.DATABASE_URL);
app.set('secret', process.env.SESSION_SECRET);
app.listen(3000);
