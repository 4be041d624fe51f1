import { getLocale, getTranslations } from 'next-intl/server';
import { EXPORT_FORMATS } from '@/lib/exchange/export-formats';

/** Download links for a document in every export format (labels inside the files follow the interface language). */
export default async function ExportLinks({ slug }: { slug: string }) {
  const t = await getTranslations('export');
  const locale = await getLocale();
  return (
    <nav className="export-links" aria-label={t('label')}>
      <h2 className="export-heading">{t('heading')}</h2>
      <ul>
        {EXPORT_FORMATS.map((format) => (
          <li key={format}>
            <a href={`/api/documents/${encodeURIComponent(slug)}/export?format=${format}&lang=${locale}`} download>
              {t(`formats.${format}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
