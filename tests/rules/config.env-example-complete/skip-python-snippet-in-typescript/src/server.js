const express = require('express');
const { pythonSnippet } = require('./snippets');

const app = express();
app.get('/snippet', (req, res) => res.type('text/plain').send(pythonSnippet));
app.listen(3000);
