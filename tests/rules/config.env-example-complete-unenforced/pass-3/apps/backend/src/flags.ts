export const flag = !!process.env.DISABLE_IMAGE_COMPRESSION;
