import { useState } from "react";
import { OrdersApi } from "api-client";
import { format } from "date-fns";
import { Orders } from "pages/Orders";

export function App() {
  const [api] = useState(() => new OrdersApi());
  return api ? Orders() + format(new Date(), "yyyy") : null;
}
