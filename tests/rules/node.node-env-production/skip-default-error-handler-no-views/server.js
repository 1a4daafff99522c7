const express = require("express");
const app = express();
// no views, no switch on NODE_ENV, no error handler of its own: only
// Express's default handler reads the variable (stack traces in responses)
app.get("/items", (req, res) => res.json([]));
app.listen(3000);
