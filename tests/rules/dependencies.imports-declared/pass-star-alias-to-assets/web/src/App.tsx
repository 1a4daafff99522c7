import React from "react";
import "themes/app.css";
import AcmeLogo from "assets/logos/acme.svg?react";

export default function App() {
  return <AcmeLogo />;
}
