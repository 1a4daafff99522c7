const express = require("express");
const app = express();
app.post("/token", (_req, res) => res.json({ access_token: "test" }));
app.listen(9091);
