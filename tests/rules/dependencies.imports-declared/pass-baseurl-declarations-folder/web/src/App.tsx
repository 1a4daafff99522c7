import { useState } from "react";
import { Plan } from "types";
import { Billing } from "components/Billing";

export function App(plan: Plan) {
  const [p] = useState(plan);
  return Billing(p);
}
