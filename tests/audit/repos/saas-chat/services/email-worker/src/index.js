const express = require("express");

const app = express();
const port = Number(process.env.PORT || 3000);

app.get("/health", (req, res) => res.json({ status: "ok", service: "email-worker" }));

app.listen(port, () => console.log("email-worker listening on " + port));
