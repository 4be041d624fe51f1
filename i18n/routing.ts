import { defineRouting } from 'next-intl/routing';

/** Every locale setting of the interface in one place. */
export const routing = defineRouting({
  locales: ['es', 'en'],
  defaultLocale: 'es',
  localePrefix: 'always',
});

export type Locale = (typeof routing.locales)[number];
