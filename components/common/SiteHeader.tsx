import { getLocale, getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { routing } from '@/i18n/routing';
import LocaleSwitch from './LocaleSwitch';

/** Banner with the product name, the library link and the interface language switch. */
export default async function SiteHeader() {
  const t = await getTranslations('nav');
  const tl = await getTranslations('localeSwitch');
  const locale = await getLocale();
  return (
    <header className="site-header">
      <Link href="/" className="brand" aria-label={t('home')}>
        Paralelo
      </Link>
      <nav aria-label={t('mainNavigation')} className="site-nav">
        <Link href="/">{t('library')}</Link>
      </nav>
      <LocaleSwitch
        label={tl('label')}
        current={locale}
        options={routing.locales.map((l) => ({ locale: l, name: tl(l) }))}
      />
    </header>
  );
}
