export function register() {
  const publicUrl = new URL(process.env.PUBLIC_URL!, window.location.href);
  navigator.serviceWorker.register(`${publicUrl.pathname}/service-worker.js`);
}
