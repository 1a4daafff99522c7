const { Router } = require('express')
const router = Router()
router.get('/items', (req, res) => res.json([]))
module.exports = router
