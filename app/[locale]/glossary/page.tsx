import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { requirePageIdentity } from '@/app/_shared/page-access';
import GlossaryEditor from '@/components/glossary/GlossaryEditor';
import { getAppContext } from '@/lib/documents/context';
import { MAX_GLOSSARY_BYTES, MAX_GLOSSARY_ENTRIES } from '@/lib/glossary';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('qa.glossary');
  return { title: t('title') };
}

/** The library's glossary: every reader reads it; translators, reviewers and admins edit, import and export it. */
export default async function GlossaryPage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requirePageIdentity(locale, `/${locale}/glossary`);
  const t = await getTranslations('qa.glossary');
  const { store } = await getAppContext();
  const entries = await store.listGlossary();
  return (
    <div className="page glossary-page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro', { max: MAX_GLOSSARY_ENTRIES })}</p>
      <GlossaryEditor initial={entries} maxBytes={MAX_GLOSSARY_BYTES} />
    </div>
  );
}
