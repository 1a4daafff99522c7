// locale-hashes.json is written by build/hash-locales.js before the build
import hashes from 'locale-hashes.json';

export const localeUrl = (lang: string) => `/assets/i18n/${lang}.json?v=${(hashes as Record<string, string>)[lang]}`;
