import { render } from "./render";
render(document.getElementById("app"));
