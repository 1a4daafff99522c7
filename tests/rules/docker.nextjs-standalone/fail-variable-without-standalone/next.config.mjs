const buildMode = process.env.APP_BUILD_MODE ?? "export";
const label = "standalone";

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: buildMode,
  env: { label },
};

export default nextConfig;
