import { getFormatter, getTranslations } from 'next-intl/server';
import ContinueReading from '@/components/comfort/ContinueReading';
import DeleteDocument from './DeleteDocument';
import { Link } from '@/i18n/navigation';
import type { LibraryEntry } from '@/lib/documents/types';

/** The documents of content/, then the files that could not be opened, each naming its problem. */
export default async function LibraryList({ entries }: { entries: LibraryEntry[] }) {
  const t = await getTranslations('library');
  const format = await getFormatter();
  const docs = entries.filter((e) => e.ok);
  const problems = entries.filter((e) => !e.ok);
  if (entries.length === 0) return <p>{t('empty')}</p>;
  return (
    <>
      <h2 className="sr-only">{t('documentsHeading')}</h2>
      {docs.length === 0 ? <p>{t('empty')}</p> : null}
      <ul className="library" aria-label={t('documentsHeading')}>
        {docs.map((doc) => {
          const tr = doc.translation;
          return (
            <li key={doc.slug} className="library-item">
              <h3 className="library-title">
                <Link href={`/read/${doc.slug}`} lang="es">
                  {doc.title}
                </Link>
              </h3>
              <p className="library-meta">
                <span>{t('words', { count: doc.words })}</span>
                <span>{t('paragraphs', { count: doc.paragraphs })}</span>
                {doc.source ? <span>{t('source', { source: doc.source })}</span> : null}
                <span className={`status status-${tr.status}`} data-testid="translation-status">
                  {t(`status.${tr.status}`, { done: format.number(tr.done), total: format.number(tr.total) })}
                  {tr.testModel && tr.done > 0 ? ` (${t('testModel')})` : null}
                </span>
                {doc.review.approved + doc.review.edited > 0 ? (
                  <span className="status" data-testid="review-status">
                    {t('review', {
                      approved: format.number(doc.review.approved),
                      total: format.number(doc.review.total),
                      edited: doc.review.edited,
                    })}
                  </span>
                ) : null}
              </p>
              <ContinueReading slug={doc.slug} />
              <DeleteDocument slug={doc.slug} title={doc.title} />
            </li>
          );
        })}
      </ul>
      {problems.length > 0 ? (
        <section aria-labelledby="problems-heading" className="problems">
          <h2 id="problems-heading">{t('problemsHeading')}</h2>
          <ul>
            {problems.map((p) => (
              <li key={p.fileName} className="problem" role="status">
                {t(`problem.${p.code}`, {
                  file: p.fileName,
                  size: String(p.params.size ?? ''),
                  limit: String(p.params.limit ?? ''),
                  detail: String(p.params.detail ?? ''),
                  other: String(p.params.other ?? ''),
                  slug: String(p.params.slug ?? ''),
                  line: String(p.params.line ?? ''),
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
