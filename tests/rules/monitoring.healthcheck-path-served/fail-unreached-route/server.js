const express = require('express')
const app = express()
app.use(require('./routes/items'))
app.listen(3000)
