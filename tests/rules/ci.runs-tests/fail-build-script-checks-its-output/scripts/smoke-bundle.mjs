import { readFileSync } from "node:fs";
readFileSync("dist/sdk.js");
