import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import ImportForm from '@/components/library/ImportForm';
import { requirePageIdentity } from '@/app/_shared/page-access';
import LibraryList from '@/components/library/LibraryList';
import { can } from '@/lib/access';
import { documentDeps, getAppContext } from '@/lib/documents/context';
import { listDocuments } from '@/lib/documents/open-document';
import { IMPORT_EXTENSIONS, MAX_IMPORT_BYTES } from '@/lib/exchange/limits';

// The library reads content/ on every request: a file added there appears on reload.
export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  const t = await getTranslations('library');
  return { title: t('title') };
}

export default async function LibraryPage({ params }: { params: Promise<{ locale: Locale }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const who = await requirePageIdentity(locale, `/${locale}`);
  const t = await getTranslations('library');
  const ctx = await getAppContext();
  const entries = await listDocuments(await documentDeps(ctx));
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <LibraryList entries={entries} />
      {can(who.role, 'importDocument') ? (
        <ImportForm maxBytes={MAX_IMPORT_BYTES} accept={IMPORT_EXTENSIONS.join(',')} />
      ) : null}
    </div>
  );
}
