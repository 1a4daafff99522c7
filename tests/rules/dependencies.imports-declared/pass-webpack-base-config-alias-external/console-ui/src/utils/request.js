export const request = x => x;
