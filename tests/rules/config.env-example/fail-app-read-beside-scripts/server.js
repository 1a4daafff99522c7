module.exports = { port: process.env.PORT };
