import { createApp } from './app.js'

const app = createApp()
app.listen(51821)
