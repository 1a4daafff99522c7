import { Button } from "@acme/ui";

export const render = () => Button({ label: "Save" });
