const express = require("express");
const app = express();
const secureCookies = process.env.NODE_ENV === "production";
app.get("/items", (req, res) => res.json({ secureCookies }));
app.use((err, req, res, next) => {
  res.status(500).json({ error: "internal error" });
});
app.listen(3000);
