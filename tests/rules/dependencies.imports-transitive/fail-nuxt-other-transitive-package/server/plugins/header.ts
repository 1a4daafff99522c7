import { setResponseHeader } from "h3";
export default (event: any) => setResponseHeader(event, "x-site", "1");
