const express = require("express");
const app = express();

app.get("/health", (req, res) => res.json({ status: "ok" }));
app.get("/invoices", (req, res) => res.json([]));

app.listen(process.env.PORT || 8080);
