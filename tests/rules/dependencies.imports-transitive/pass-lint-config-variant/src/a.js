import React from "react";
export const el = React.createElement("div");
