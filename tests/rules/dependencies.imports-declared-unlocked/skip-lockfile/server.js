const express = require('express');
// the lockfile says what installs body-parser (express does): the
// rule that reads it (imports-declared, imports-transitive) judges
const bodyParser = require('body-parser');

const app = express();
app.use(bodyParser.json());
app.listen(8080);
