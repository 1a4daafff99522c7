export const EditionBanner = () => null;
