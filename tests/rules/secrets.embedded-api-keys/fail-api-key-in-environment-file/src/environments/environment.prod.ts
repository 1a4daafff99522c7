export const environment = {
  production: true,
  mapsApiKey: "q8Zt4mX9cW2vLp7R",
};
