import React from "react";

export function Setup({ streaming }) {
  const init = `${streaming ? `// it's streamed` : ""}
`;
  const code = `
import { handleRequest } from "@acme/edge-worker";
${init}`;
  return <pre>{code}</pre>;
}
