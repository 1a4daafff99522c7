const fs = require("fs");
fs.writeFileSync("locale-hashes.json", JSON.stringify({ en: "abc123" }));
