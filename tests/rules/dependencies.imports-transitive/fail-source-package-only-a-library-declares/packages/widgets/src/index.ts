export { app } from "@mono/ui";
