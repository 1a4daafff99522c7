import React from "react";
import confetti from "canvas-confetti";

export default function App() {
  confetti();
  return null;
}
