const source = process.env.TOKEN_SOURCE;
module.exports = { source };
