import { defineConfig } from "vite";
import acme from "@acme/vite-plugin";

export default defineConfig({
  plugins: [acme()],
  resolve: { alias: { "@acme": "/src/vendor/acme" } },
});
