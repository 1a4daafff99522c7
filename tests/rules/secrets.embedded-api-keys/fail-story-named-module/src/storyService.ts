import fetch from 'node-fetch';

const apiKey = 'prod:9f8e7d6c5b4a3210fedc';

export async function stories() {
  return fetch('https://api.example.org/stories', { headers: { authorization: apiKey } });
}
