import { getTranslations } from 'next-intl/server';
import type { ViewMode } from './view-mode';

type Props = { page: number; total: number; pageSize: number; view: ViewMode; swap: boolean };

/** Previous/next links for long documents; nothing for a document that fits one page. */
export default async function Pagination({ page, total, pageSize, view, swap }: Props) {
  const pages = Math.ceil(total / pageSize);
  if (pages <= 1) return null;
  const t = await getTranslations('reader.pagination');
  // Query-only links keep the current path (locale and slug) and the reading mode.
  const href = (p: number) => `?${new URLSearchParams({ view, swap: swap ? '1' : '0', page: String(p) }).toString()}`;
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
      <span>{t('status', { from, to, total })}</span>
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
