import { getTranslations } from 'next-intl/server';
import { paragraphHref, type ViewMode } from '@/components/common/view-mode';

export interface OutlineEntry {
  index: number;
  text: string;
  level: number;
}

type Props = {
  headings: OutlineEntry[];
  sourceLang: string;
  page: number;
  pageSize: number;
  view: ViewMode;
  swap: boolean;
};

/** Most headings listed: a contents list is for finding a chapter, not a copy of the book. */
export const MAX_OUTLINE = 1000;

/**
 * The document's headings as a contents list, each a link to its row on its page: how a reader finds a chapter in
 * a book of many pages. Nothing for a document with fewer than two headings.
 */
export default async function Contents({ headings, sourceLang, page, pageSize, view, swap }: Props) {
  if (headings.length < 2) return null;
  const t = await getTranslations('reader.contents');
  const shown = headings.slice(0, MAX_OUTLINE);
  const hidden = headings.length - shown.length;
  const top = Math.min(...shown.map((h) => h.level));
  const href = (index: number) => paragraphHref(index, { view, swap }, pageSize);
  return (
    <details className="contents">
      <summary>{t('summary', { count: headings.length })}</summary>
      <nav aria-label={t('label')}>
        <ol>
          {shown.map((h) => {
            const here = Math.floor(h.index / pageSize) + 1 === page;
            return (
              <li key={h.index} className={`contents-level-${Math.min(3, h.level - top + 1)}`}>
                <a href={href(h.index)} lang={sourceLang} aria-current={here ? 'page' : undefined}>
                  {h.text}
                </a>
              </li>
            );
          })}
        </ol>
        {hidden ? <p>{t('more', { count: hidden })}</p> : null}
      </nav>
    </details>
  );
}
