const express = require('express');

// a constant with a fallback is never empty: the check below never
// throws, so nothing here fails without a variable
function payout(amount) {
  const accountId = process.env.PAYOUT_ACCOUNT_ID || 'acct_default';

  if (!accountId) {
    throw new Error('PAYOUT_ACCOUNT_ID is not configured');
  }
  return { accountId, amount };
}

const app = express();
app.set('db', process.env.DATABASE_URL);
app.post('/payout', (req, res) => res.json(payout(10)));
app.listen(3000);
