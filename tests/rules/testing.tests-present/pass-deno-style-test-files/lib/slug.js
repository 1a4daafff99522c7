export function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}
