const express = require('express');
// express 4 depends on body-parser: the root lockfile records only the
// workspaces, so this folder installs unlocked and npm puts it beside express
const bodyParser = require('body-parser');

const app = express();
app.use(bodyParser.json());
app.listen(8080);
