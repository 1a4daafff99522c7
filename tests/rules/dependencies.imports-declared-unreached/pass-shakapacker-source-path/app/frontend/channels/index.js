export const channels = [];
