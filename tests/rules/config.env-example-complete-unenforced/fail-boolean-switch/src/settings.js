function stringToNumber(value) {
  return Number(value);
}

// The pool size has no default: the service cannot start without it.
module.exports = {
  db: process.env.DATABASE_URL,
  pool: stringToNumber(
    process.env.DB_POOL_SIZE,
  ),
};
