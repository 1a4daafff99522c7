import express from "express";
import type { Request } from "express-serve-static-core";
import { Button } from "components/Button";

const app = express();
app.get("/", (_req: Request, res) => res.send(Button));
app.listen(3000);
