import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import type { Locale } from '@/i18n/routing';

export async function generateMetadata() {
  const t = await getTranslations('auth.logout');
  return { title: t('title') };
}

/** Where signing out lands: says the session has ended and offers to sign in again. */
export default async function LogoutPage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('auth.logout');
  return (
    <div className="page narrow">
      <h1>{t('title')}</h1>
      <p role="status">{t('body')}</p>
      <p>
        <Link href="/login">{t('again')}</Link>
      </p>
    </div>
  );
}
