import React from "react";
import { motion } from 'framer-motion';
import path from "node:path";
import fs from "fs";
import { x } from "./x";
import y from "@/lib/y";
// import z from "commented-out";
const s = `from "template"`;
export default function App() { return null; }
import { z } from "zod";
