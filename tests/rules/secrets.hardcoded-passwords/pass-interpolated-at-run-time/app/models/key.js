const session = { api_key: `key_${crypto.randomUUID()}` };
module.exports = session;
