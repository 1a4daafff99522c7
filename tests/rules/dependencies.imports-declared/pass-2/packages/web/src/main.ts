import { Button } from "@acme/ui";
import type { Config } from "typescript";
const lazy = () => import("@acme/ui/lazy");
