export const version: string = process.env.WEB_VERSION as string;
