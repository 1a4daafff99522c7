const express = require('express');

// the payout route refuses to run without the account it pays from
function payout(amount) {
  const accountId = process.env.PAYOUT_ACCOUNT_ID;

  if (!accountId) {
    throw new Error('PAYOUT_ACCOUNT_ID is not configured');
  }
  return { accountId, amount };
}

const app = express();
app.set('db', process.env.DATABASE_URL);
app.post('/payout', (req, res) => res.json(payout(10)));
app.listen(3000);
