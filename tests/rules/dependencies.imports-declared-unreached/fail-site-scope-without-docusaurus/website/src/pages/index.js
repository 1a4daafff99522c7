import React from "react";
import Hero from "@site/src/components/Hero";

export default function Home() {
  return <Hero />;
}
