import React from "react";
import Link from "@docusaurus/Link";
import { Redirect } from "@docusaurus/router";
import useBaseUrl from "@docusaurus/useBaseUrl";

export default function Home({ moved }) {
  if (moved) return <Redirect to={useBaseUrl("/docs/intro")} />;
  return <Link to="/docs/intro">Read the docs</Link>;
}
