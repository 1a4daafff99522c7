const router = express.Router()
router.get('/health', (req, res) => res.json({ok: true}))
app.use('/api', router)
