import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import ImportForm from '@/components/library/ImportForm';
import LibraryList from '@/components/library/LibraryList';
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
  const t = await getTranslations('library');
  const ctx = await getAppContext();
  const entries = await listDocuments(await documentDeps(ctx));
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <LibraryList entries={entries} />
      <ImportForm maxBytes={MAX_IMPORT_BYTES} accept={IMPORT_EXTENSIONS.join(',')} />
    </div>
  );
}
