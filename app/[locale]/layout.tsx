import type { Metadata, Viewport } from 'next';
import { hasLocale, NextIntlClientProvider } from 'next-intl';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { pageIdentity } from '@/app/_shared/page-access';
import { IdentityProvider } from '@/components/common/identity-context';
import SiteHeader from '@/components/common/SiteHeader';
import { comfortAttributes } from '@/components/comfort/comfort';
import { readComfort } from '@/components/comfort/read-comfort';
import { loadConfig } from '@/lib/config';
import { routing } from '@/i18n/routing';

type Props = { children: ReactNode; params: Promise<{ locale: string }> };

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export async function generateMetadata({ params }: Omit<Props, 'children'>): Promise<Metadata> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: 'meta' });
  return { title: { default: t('title'), template: `%s · ${t('title')}` }, description: t('description') };
}

export default async function LocaleLayout({ children, params }: Props) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations('nav');
  const who = await pageIdentity();
  const comfort = await readComfort();
  const user = who ? { name: who.displayName, role: who.role, mode: loadConfig().authMode } : null;
  return (
    <html lang={locale} {...comfortAttributes(comfort)}>
      <body>
        <a className="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <NextIntlClientProvider>
          <IdentityProvider user={user}>
            <SiteHeader user={user} comfort={comfort} />
            <main id="main" tabIndex={-1}>
              {children}
            </main>
          </IdentityProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
