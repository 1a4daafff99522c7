const token = process.env.CHANGELOG_TOKEN;
console.log(token ? "ok" : "no token");
