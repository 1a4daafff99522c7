const { Router } = require('express')
const router = Router()
router.get('/healthz', (req, res) => res.send('ok'))
module.exports = router
