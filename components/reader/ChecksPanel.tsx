'use client';

import { useTranslations } from 'next-intl';
import type { ChecksLoad } from './use-document-checks';
import { paragraphHref, type ShowMode, type ViewMode } from '@/components/common/view-mode';
import { CHECK_IDS } from '@/lib/checks/types';

type Props = {
  load: ChecksLoad;
  onlyIssues: boolean;
  onOnlyIssues: (only: boolean) => void;
  /** Rows of this page with an issue (for "no row of this page has one"). */
  issuesOnPage: number;
  onRunAgain: () => void;
  view: ViewMode;
  swap: boolean;
  show: ShowMode;
};

/** Errors, warnings and ignored findings of the whole document. */
function countsOf(load: Extract<ChecksLoad, { ok: true }>) {
  const total = { errors: 0, warnings: 0, ignored: 0 };
  for (const id of CHECK_IDS) {
    total.errors += load.counts[id].errors;
    total.warnings += load.counts[id].warnings;
    total.ignored += load.counts[id].ignored;
  }
  return total;
}

/** Paragraph links listed at most: a book with thousands of findings lists the first ones and says how many more. */
const MAX_LINKS = 40;

/**
 * The document's QA checks: the counts per check (errors, warnings, ignored), links to the paragraphs with issues on
 * any page, and "show only rows with issues" for this page.
 */
export default function ChecksPanel({
  load,
  onlyIssues,
  onOnlyIssues,
  issuesOnPage,
  onRunAgain,
  view,
  swap,
  show,
}: Props) {
  const t = useTranslations('qa');
  const ts = useTranslations('checks');
  const titleId = 'checks-panel-title';
  const body = () => {
    if (!('ok' in load)) return <p className="editor-note">{t('loading')}</p>;
    if (!load.ok)
      return (
        <p className="editor-error">
          {t('failed', { message: load.message || load.code })}{' '}
          <button type="button" className="button button-quiet" onClick={onRunAgain}>
            {t('runAgain')}
          </button>
        </p>
      );
    const total = countsOf(load);
    const rows = CHECK_IDS.filter((id) => {
      const c = load.counts[id];
      return c.errors + c.warnings + c.ignored > 0;
    });
    const withIssues = [...new Set(load.findings.filter((f) => !f.ignored).map((f) => f.paragraph))];
    return (
      <>
        <p className="checks-summary">{t('summary', { ...total, paragraphs: load.paragraphsChecked })}</p>
        {rows.length > 0 ? (
          <table className="checks-counts">
            <caption className="sr-only">{t('countsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('check')}</th>
                <th scope="col">{t('errors')}</th>
                <th scope="col">{t('warnings')}</th>
                <th scope="col">{t('ignoredCount')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((id) => (
                <tr key={id}>
                  <th scope="row">{ts(`names.${id}`)}</th>
                  <td>{load.counts[id].errors}</td>
                  <td>{load.counts[id].warnings}</td>
                  <td>{load.counts[id].ignored}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {withIssues.length > 0 ? (
          <nav aria-label={t('rowsWithIssues')} className="checks-rows">
            <span aria-hidden="true">{t('rowsWithIssues')}: </span>
            {withIssues.slice(0, MAX_LINKS).map((index) => (
              <a key={index} href={paragraphHref(index, { view, swap, show })}>
                {t('paragraphLink', { number: index + 1 })}
              </a>
            ))}
            {MAX_LINKS < withIssues.length ? (
              <span>{t('moreRows', { count: withIssues.length - MAX_LINKS })}</span>
            ) : null}
          </nav>
        ) : null}
        <label className="checks-filter">
          <input type="checkbox" checked={onlyIssues} onChange={(e) => onOnlyIssues(e.target.checked)} />{' '}
          {t('onlyIssues')}
        </label>
        {onlyIssues && issuesOnPage === 0 ? <p className="editor-note">{t('noIssuesHere')}</p> : null}
      </>
    );
  };
  // Closed at first, so the rows stay on the first screen; the summary says at a glance what the panel holds.
  const glance = 'ok' in load && load.ok ? countsOf(load) : null;
  return (
    <details className="checks-panel">
      <summary>
        <span id={titleId}>{t('panelTitle')}</span>
        {glance ? <span className="checks-glance">: {t('glance', glance)}</span> : null}
      </summary>
      <section aria-labelledby={titleId}>
        <p className="editor-note">{t('panelHelp')}</p>
        {body()}
      </section>
    </details>
  );
}
