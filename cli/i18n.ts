import { createRequire } from 'node:module';
import i18next, { type i18n as I18n } from 'i18next';
import type ICUModule from 'i18next-icu';
import en from '../messages/en.json';
import es from '../messages/es.json';

export type CliLanguage = 'es' | 'en';

// i18next-icu's ES build does `import IntlMessageFormat from 'intl-messageformat'`, which under Node's own
// ESM loader (Vitest, plain .mjs) yields the CommonJS exports object instead of the class, so every
// message silently comes back unformatted. Its CommonJS build interops correctly everywhere: load that one.
const ICU = (createRequire(import.meta.url)('i18next-icu') as { default: typeof ICUModule }).default;

/** Language of the CLI from the POSIX locale variables, in their order of precedence (es* → Spanish). */
export function detectLanguage(env: Readonly<Record<string, string | undefined>> = process.env): CliLanguage {
  // LC_ALL overrides LC_MESSAGES, which overrides LANG; an empty variable counts as unset.
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v.length > 0) ?? '';
  return /^es([_.@-]|$)/i.test(locale) ? 'es' : 'en';
}

/** A translate function for keys under "cli" in messages/{es,en}.json (ICU syntax). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Creates the CLI's own i18next instance (never the global one) for a language. */
export function createTranslator(language: CliLanguage = detectLanguage()): { t: Translate; language: CliLanguage } {
  const instance: I18n = i18next.createInstance();
  instance.use(ICU).init({
    lng: language,
    fallbackLng: 'en',
    // The "cli" object, and the findings and glossary messages the CLI shares with the web UI.
    resources: {
      en: { translation: { ...en.cli, checks: en.checks, glossary: en.glossary } },
      es: { translation: { ...es.cli, checks: es.checks, glossary: es.glossary } },
    },
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const t: Translate = (key, params) => instance.t(key, params ?? {}) as string;
  return { t, language };
}

/** Formats a byte count for people, e.g. "108 MB" / "108 MB" with the locale's decimal mark. */
export function formatBytes(bytes: number, language: CliLanguage): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value < 10 && unit > 0 ? 1 : 0;
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
