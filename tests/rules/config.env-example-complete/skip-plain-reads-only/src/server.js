const express = require('express');

// optional integrations: the server starts without them
const billing = { priceId: process.env.STRIPE_PRICE_ID, key: process.env.STRIPE_SECRET_KEY };

const app = express();
app.set('billing', billing);
app.listen(3000);
