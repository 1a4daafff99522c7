export const Billing = (p: unknown) => p;
