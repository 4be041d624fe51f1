import { getTranslations, setRequestLocale } from 'next-intl/server';
import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import Contents from '@/components/reader/Contents';
import ReadingPosition from '@/components/comfort/ReadingPosition';
import ExportLinks from '@/components/reader/ExportLinks';
import Pagination from '@/components/reader/Pagination';
import ReaderView from '@/components/document/ReaderView';
import {
  PAGE_SIZE,
  parseIndex,
  parsePage,
  parseShow,
  parseSwap,
  parseViewMode,
  SWAP_COOKIE,
  VIEW_COOKIE,
} from '@/components/common/view-mode';
import { pageIdentity, requirePageIdentity } from '@/app/_shared/page-access';
import { documentDeps, getAppContext } from '@/lib/documents/context';
import { loadSourceDocument, openDocument } from '@/lib/documents/open-document';
import { termsOnPage } from '@/lib/documents/page-terms';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ locale: Locale; slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props) {
  const { slug } = await params;
  // Nothing of a document, not even its title, for someone the page would send to sign in.
  if (!(await pageIdentity())) return {};
  const ctx = await getAppContext();
  // The title only: the parsed source is cached, so this costs nothing next to the page itself.
  const result = await loadSourceDocument(ctx.content, slug);
  return result.ok ? { title: result.document.title } : {};
}

export default async function ReaderPage({ params, searchParams }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const query = await searchParams;
  const asked = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
  ).toString();
  // After signing in, back to this page as it was asked for (its page, view, paragraph).
  await requirePageIdentity(locale, `/${locale}/read/${encodeURIComponent(slug)}${asked ? `?${asked}` : ''}`);
  const jar = await cookies();
  const view = parseViewMode(query.view ?? jar.get(VIEW_COOKIE)?.value);
  const swap = parseSwap(query.swap ?? jar.get(SWAP_COOKIE)?.value);
  const show = parseShow(query.show);
  const ctx = await getAppContext();
  // Views (revisions, memory, alignment) are built for the page shown only: a book has thousands of paragraphs.
  const source = await loadSourceDocument(ctx.content, slug);
  const requested = parsePage(
    query.page,
    show === 'review' ? Infinity : source.ok ? source.document.paragraphs.length : 0,
  );
  const start = (requested - 1) * PAGE_SIZE;
  const result = await openDocument(
    await documentDeps(ctx),
    slug,
    show === 'review'
      ? { toReview: { pageSize: PAGE_SIZE, page: requested, at: parseIndex(query.at) } }
      : { from: start, to: start + PAGE_SIZE - 1 },
  );
  if (!result.ok) {
    if (result.code === 'not_found') notFound();
    const te = await getTranslations('error');
    return (
      <div className="page narrow" role="alert">
        <h1>{te('title')}</h1>
        <p>{te('documentProblem', { message: result.message })}</p>
      </div>
    );
  }
  const t = await getTranslations('reader');
  const doc = result.document;
  const rows = doc.paragraphs;
  // The glossary as it is now: a term added on the glossary page is underlined from the next load of the page.
  const terms = await termsOnPage(ctx.store, rows);
  // Among the paragraphs to review the server picks the page (from ?at= or clamped), and pages count those only.
  const page = result.reviewPage?.page ?? requested;
  const listed = result.reviewPage?.count ?? doc.translation.total;
  const outline = source.ok
    ? source.document.paragraphs
        .filter((p) => p.kind === 'heading')
        .map((p) => ({ index: p.index, text: p.text, level: p.level ?? 1 }))
    : [];
  return (
    <article className="reader" aria-labelledby="doc-title">
      <nav aria-label={t('breadcrumb')} className="breadcrumb">
        <Link href="/">{t('backToLibrary')}</Link>
      </nav>
      <header className="reader-header">
        <h1 id="doc-title" lang={doc.sourceLang}>
          {doc.title}
        </h1>
        {doc.source ? <p className="reader-source">{t('sourceLabel', { source: doc.source })}</p> : null}
      </header>
      <Contents
        headings={outline}
        sourceLang={doc.sourceLang}
        page={page}
        pageSize={PAGE_SIZE}
        view={view}
        swap={swap}
      />
      {/* The rows' state lives as long as the paragraphs listed: among those to review, approvals change them. */}
      <ReaderView
        key={`${slug}:${page}:${show === 'review' ? rows.map((r) => r.index).join('.') : 'all'}`}
        slug={doc.slug}
        title={doc.title}
        sourceLang={doc.sourceLang}
        targetLang={doc.targetLang}
        paragraphs={rows}
        summary={doc.translation}
        review={doc.review}
        view={view}
        swap={swap}
        show={show}
        terms={terms}
      />
      <ReadingPosition key={`position:${slug}:${page}:${show}`} slug={doc.slug} headings={outline} />
      {show === 'review' && listed === 0 ? (
        <p className="review-done" role="status">
          {t('review.nonePending')}
        </p>
      ) : null}
      <Pagination page={page} total={listed} pageSize={PAGE_SIZE} view={view} swap={swap} show={show} />
      <ExportLinks slug={doc.slug} />
    </article>
  );
}
