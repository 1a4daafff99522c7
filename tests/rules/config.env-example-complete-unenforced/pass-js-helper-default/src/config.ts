function asBoolean(value: string | undefined, fallback: boolean): boolean {
  return value === undefined ? fallback : value === 'true';
}

function asNumber(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : fallback;
}

// build-time knobs, each with its default
export const config = {
  apiUrl: import.meta.env.VITE_API_URL,
  signupOpen: asBoolean(import.meta.env.VITE_SIGNUP_OPEN, true),
  pageSize: asNumber(
    import.meta.env.VITE_PAGE_SIZE,
    25,
  ),
  // a default applied to the parsed value
  retries: Number.parseInt(import.meta.env.VITE_RETRIES!, 10) || 3,
  timeoutMs:
    Number.parseInt(
      import.meta.env.VITE_TIMEOUT_MS!,
      10,
    ) || 5000,
};
