import { definePlugin } from "@opencode-ai/plugin";

export default definePlugin({ name: "review" });
