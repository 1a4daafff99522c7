const selfHosted = process.env.NEXT_PUBLIC_SELF_HOSTED === 'true';
export default {
  output:
    selfHosted ? 'standalone' : undefined,
  reactStrictMode: true,
};
