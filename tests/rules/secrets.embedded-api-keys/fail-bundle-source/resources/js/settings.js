export const settings = {
  api_key: "ab12cd34ef56gh78",
};
