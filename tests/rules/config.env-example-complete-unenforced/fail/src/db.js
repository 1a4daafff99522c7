const url = process.env.DATABASE_URL;
const key = process.env.STRIPE_SECRET_KEY;
