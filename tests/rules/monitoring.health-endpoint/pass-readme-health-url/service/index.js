'use strict'
const { Server, envToConfig } = require('@example/chat-server')

async function main() {
  const server = await Server.create(envToConfig(process.env))
  await server.start()
}

main()
