import { defineConfig } from "vite"
import path from "path"
import Unfonts from "unplugin-fonts/vite"

export default defineConfig({
  plugins: [Unfonts({ google: { families: ["Inter"] } })],
  resolve: {
    alias: {
      "@helpers": path.resolve(__dirname, "./src/helpers"),
    },
  },
})
