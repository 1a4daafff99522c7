import { joinURL } from "ufo";
export const api = (p: string) => joinURL("/api", p);
