const express = require("express");
const app = express();
app.set("view engine", "ejs");
app.get("/", (req, res) => res.render("index"));
app.use(function (err, req, res, next) {
  res.status(500).send("error");
});
app.listen(3000);
