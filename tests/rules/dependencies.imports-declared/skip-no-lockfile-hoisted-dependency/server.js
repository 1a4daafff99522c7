const express = require('express');
// express 4 depends on body-parser: without a lockfile, npm installs it
// flat beside express, so this resolves though package.json omits it
const bodyParser = require('body-parser');

const app = express();
app.use(bodyParser.json());
app.listen(8080);
