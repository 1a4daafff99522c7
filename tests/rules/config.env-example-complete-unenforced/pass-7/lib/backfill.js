// a tool nothing in the service imports
module.exports = () => process.env.BACKFILL_TOKEN;
