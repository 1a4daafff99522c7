export default {
  output: 'standalone',
};
