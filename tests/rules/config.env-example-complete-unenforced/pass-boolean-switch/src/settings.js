function stringToBoolean(value) {
  return value === "true" || value === "1";
}

// Switches: each is off unless set to true.
module.exports = {
  db: process.env.DATABASE_URL,
  skipPagination: stringToBoolean(
    process.env.API_ALLOW_SKIP_PAGINATION,
  ),
  logRequests: Boolean(process.env.LOG_REQUESTS),
};
