export const docsLink = (page) => `${process.env.DOCS_BASE_URL}/guides/${page}`;
