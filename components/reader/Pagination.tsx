import { getTranslations } from 'next-intl/server';
import { readerQuery, type ShowMode, type ViewMode } from '@/components/common/view-mode';

type Props = { page: number; total: number; pageSize: number; view: ViewMode; swap: boolean; show?: ShowMode };

/** Previous/next links for long documents; nothing for a document that fits one page. */
export default async function Pagination({ page, total, pageSize, view, swap, show = 'all' }: Props) {
  const pages = Math.ceil(total / pageSize);
  if (pages <= 1) return null;
  const t = await getTranslations('reader.pagination');
  // Query-only links keep the current path (locale and slug), the reading mode and what is shown.
  const href = (p: number) => readerQuery({ view, swap, show, page: p });
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav aria-label={t('label')} className="pagination">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          {t('previous')}
        </a>
      ) : (
        <span />
      )}
      <span>{t(show === 'review' ? 'reviewStatus' : 'status', { from, to, total })}</span>
      {page < pages ? (
        <a href={href(page + 1)} rel="next">
          {t('next')}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
