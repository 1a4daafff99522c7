import express from 'express'

export function createApp() {
  const app = express()
  app.get('/api/clients', (req, res) => res.json([]))
  return app
}
