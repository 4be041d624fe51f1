import { getTranslations, setRequestLocale } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { pageIdentity, safeNext } from '@/app/_shared/page-access';
import type { Locale } from '@/i18n/routing';
import { loadConfig } from '@/lib/config';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ locale: Locale }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

export async function generateMetadata() {
  const t = await getTranslations('auth.login');
  return { title: t('title') };
}

/** The sign-in form of a shared server: a plain form (it works without script) posting to /api/session. */
export default async function LoginPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const query = await searchParams;
  const next = safeNext(one(query.next), locale);
  const t = await getTranslations('auth.login');
  if (loadConfig().authMode !== 'accounts') {
    return (
      <div className="page narrow">
        <h1>{t('title')}</h1>
        <p>{t('noAccounts')}</p>
      </div>
    );
  }
  if (await pageIdentity()) redirect(next);
  const error = one(query.error);
  const retry = Number(one(query.retry) ?? '0');
  return (
    <div className="page narrow">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {error === 'invalid' || error === 'rate_limited' ? (
        <p className="form-error" role="alert">
          {error === 'invalid'
            ? t('invalid')
            : t('rateLimited', { seconds: Number.isSafeInteger(retry) && retry > 0 ? retry : 60 })}
        </p>
      ) : null}
      <form className="login-form" method="post" action="/api/session">
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="next" value={next} />
        <label htmlFor="login-email">{t('email')}</label>
        <input id="login-email" name="email" type="email" autoComplete="username" required maxLength={254} />
        <label htmlFor="login-password">{t('password')}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={128}
        />
        <button type="submit" className="button">
          {t('submit')}
        </button>
      </form>
    </div>
  );
}
