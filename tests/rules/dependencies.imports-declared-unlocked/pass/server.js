const express = require('express');
// declared beside express: a fresh install has it whatever express needs
const bodyParser = require('body-parser');

const app = express();
app.use(bodyParser.json());
app.listen(8080);
