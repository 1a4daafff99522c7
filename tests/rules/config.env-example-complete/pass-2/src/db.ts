// hosting platforms set their own names; each is used only when present
export const getDatabaseUrl = () => {
  if (process.env.POSTGRES_URL) {
    return process.env.POSTGRES_URL;
  }
  if (process.env.DATABASE_URL_UNPOOLED) {
    return process.env.DATABASE_URL_UNPOOLED;
  }
  return process.env.DATABASE_URL;
};

export const debugPdf = process.env.DEBUG_PDF_INSERT === '1';
