const router = express.Router()
router.get('/healthz', (req, res) => res.json({ok: true}))
app.use('/api', router)
