process.env.TOKEN_SOURCE = "vault";
const token = process.env.API_TOKEN;
const { source } = require("./token");
console.log(token, source);
