import "server-only";
import { cache } from "react";
export const load = cache(async () => 1);
