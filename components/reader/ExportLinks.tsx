import { getLocale, getTranslations } from 'next-intl/server';
import { EXPORT_CHOICES } from '@/lib/exchange/export-formats';

/** Download links for a document in every export format (labels inside the files follow the interface language). */
export default async function ExportLinks({ slug }: { slug: string }) {
  const t = await getTranslations('export');
  const locale = await getLocale();
  return (
    <nav className="export-links" aria-label={t('label')}>
      <h2 className="export-heading">{t('heading')}</h2>
      <ul>
        {EXPORT_CHOICES.map(({ key, format, layout }) => (
          <li key={key}>
            <a
              href={`/api/documents/${encodeURIComponent(slug)}/export?format=${format}${layout ? `&layout=${layout}` : ''}&lang=${locale}`}
              download
            >
              {t(`formats.${key}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
