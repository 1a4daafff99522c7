const nextConfig = {
  output: "standalone",
  env: {
    NEXT_PUBLIC_API_URL: process.env.API_URL,
    NEXT_PUBLIC_APP_VERSION: process.env.npm_package_version,
  },
};
module.exports = nextConfig;
