const express = require("express");
const app = express();
const mode = process.env.APP_MODE || "production";
app.get("/items", (req, res) => res.json({ mode }));
// JSON errors, no stack traces, whatever NODE_ENV says
app.use((err, req, res, next) => {
  res.status(500).json({ error: "internal error" });
});
app.listen(3000);
