import React from "react";

const code = `options: {${on ? `
  key: ${JSON.stringify(k)},` : ""}
}`;

import { handleRequest } from "@acme/edge-worker";

export function Setup() {
  return <pre>{code + handleRequest}</pre>;
}
