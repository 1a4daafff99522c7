import { Hono } from "hono";
import React from "react";
export const app = new Hono();
export const el = React.createElement("div");
