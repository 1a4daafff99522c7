// a package, not a file: nothing declares it
import hashes from 'locale-hashes';

export const localeUrl = (lang: string) => `/assets/i18n/${lang}.json?v=${(hashes as Record<string, string>)[lang]}`;
