// the API lives under the page's own base path: no environment variable
const BASE_URL = document.baseURI;

export const environment = {
  production: true,
  apiUrl: `${BASE_URL}api/`,
};
