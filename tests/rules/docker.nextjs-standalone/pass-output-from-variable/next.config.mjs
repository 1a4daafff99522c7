const buildMode = process.env.APP_BUILD_MODE ?? "standalone";
const chunked = buildMode !== "export";

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: buildMode,
  images: { unoptimized: !chunked },
};

export default nextConfig;
