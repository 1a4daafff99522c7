import { defineConfig } from "vite";
import acme from "@acme/vite-plugin";

// the config loads a plugin of the @acme scope: that is no alias for @acme/ui
export default defineConfig({ plugins: [acme()] });
