import { app } from "@mono/ui";
export default app;
