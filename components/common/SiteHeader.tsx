import { getLocale, getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { routing } from '@/i18n/routing';
import ComfortMenu from '@/components/comfort/ComfortMenu';
import type { Comfort } from '@/components/comfort/comfort';
import ShortcutsDialog from '@/components/comfort/ShortcutsDialog';
import type { PageUser } from './identity-context';
import LocaleSwitch from './LocaleSwitch';

/**
 * Banner with the product name, the library link, who is signed in (with a sign-out button, on a server with
 * accounts), the Display menu (theme, text size, line width), the keyboard shortcuts and the interface language switch.
 */
export default async function SiteHeader({ user, comfort }: { user: PageUser | null; comfort: Comfort }) {
  const t = await getTranslations('nav');
  const tl = await getTranslations('localeSwitch');
  const tg = await getTranslations('qa.glossary');
  const locale = await getLocale();
  return (
    <header className="site-header">
      <Link href="/" className="brand" aria-label={t('home')}>
        Paralelo
      </Link>
      <nav aria-label={t('mainNavigation')} className="site-nav">
        <Link href="/">{t('library')}</Link>
        <Link href="/glossary">{tg('nav')}</Link>
      </nav>
      {user?.mode === 'accounts' ? (
        <form
          className="site-account"
          method="post"
          action={`/api/session/sign-out?locale=${locale}`}
          aria-label={t('account')}
        >
          <span>{t('signedInAs', { name: user.name, role: user.role })}</span>{' '}
          <button type="submit" className="button button-quiet">
            {t('signOut')}
          </button>
        </form>
      ) : null}
      <div className="site-tools">
        <ComfortMenu initial={comfort} />
        <ShortcutsDialog />
      </div>
      <LocaleSwitch
        label={tl('label')}
        current={locale}
        options={routing.locales.map((l) => ({ locale: l, name: tl(l) }))}
      />
    </header>
  );
}
