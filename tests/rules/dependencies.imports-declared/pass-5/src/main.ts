import { createApp } from "vue"
import "unfonts.css"
import { backend } from "@helpers/backend"
import { PrismaClient } from "src/generated/prisma/client"

createApp({}).mount("#app")
export { backend, PrismaClient }
