const express = require('express');
// express 4 depends on body-parser; bun.lockb is binary, so nothing
// readycheck reads says whether the install has it beside express
const bodyParser = require('body-parser');

const app = express();
app.use(bodyParser.json());
app.listen(8080);
