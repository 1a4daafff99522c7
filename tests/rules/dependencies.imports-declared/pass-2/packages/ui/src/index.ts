import { useState } from "react";
export type { Foo } from "./foo";
