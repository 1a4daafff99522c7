const express = require('express')
const app = express()
app.get('/items', (req, res) => res.json([]))
app.listen(3000)
