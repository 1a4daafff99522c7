const express = require("express");

const app = express();
const port = Number(process.env.PORT || 3000);

app.get("/health", (req, res) => res.json({ status: "ok", service: "auth-service" }));

app.listen(port, () => console.log("auth-service listening on " + port));
