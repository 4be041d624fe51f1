import type { Command } from 'commander';
import { storeDeps } from '../../lib/documents/context';
import { documentStatus, listDocuments, type DocumentStatus } from '../../lib/documents/open-document';
import type { IndexRanges } from '../../lib/documents/review';
import type { CliContext } from '../context';
import { CliExit, err, withLibrary } from '../context';
import { remoteFetch, remoteOf, type Remote } from '../remote';

type Entries = Awaited<ReturnType<typeof listDocuments>>;
type OneStatus = { ok: true; status: DocumentStatus } | { ok: false; message: string };

/** Where the figures come from: this machine's files and database, or a server's API. */
interface StatusSource {
  one(slug: string): Promise<OneStatus>;
  all(): Promise<Entries>;
}

function serverSource(ctx: CliContext, remote: Remote): StatusSource {
  const all = async () =>
    ((await (await remoteFetch(ctx, remote, '/api/documents')).json()) as { documents: Entries }).documents;
  return {
    all,
    async one(slug) {
      const entry = (await all()).find((e) => e.ok && e.slug === slug);
      if (!entry || !entry.ok) return { ok: false, message: ctx.t('remote.noDocument', { slug, url: remote.url }) };
      // One paragraph is enough: the review summary covers the whole document.
      const res = await remoteFetch(ctx, remote, `/api/documents/${encodeURIComponent(slug)}?from=0&to=0`);
      const doc = (await res.json()) as Pick<DocumentStatus, 'translation' | 'review' | 'confidence'>;
      const status: DocumentStatus = { ...entry, translation: doc.translation, review: doc.review };
      if (doc.confidence) status.confidence = doc.confidence;
      return { ok: true, status };
    },
  };
}

/** Runs of paragraphs shown at most; the rest are counted. */
const MAX_RUNS = 12;

/** 1-based paragraph numbers, as the reader shows them: "1-3, 7, 9-12". */
export function formatRuns(runs: IndexRanges, max = MAX_RUNS): { text: string; more: number } {
  const shown = runs.slice(0, max).map(([from, to]) => (from === to ? `${from + 1}` : `${from + 1}-${to + 1}`));
  return { text: shown.join(', '), more: Math.max(0, runs.length - max) };
}

/** Flagged paragraphs named at most; the rest are counted. */
const MAX_FLAGGED = 8;

/** The "check this sentence" line: how many, among how many scored, and the first paragraphs holding them. */
function printFlags(ctx: CliContext, c: NonNullable<DocumentStatus['confidence']>): string | null {
  if (c.scored === 0) return null;
  const shown = c.paragraphs.slice(0, MAX_FLAGGED).map((i) => `${i + 1}`);
  const line = ctx.t('confidence.flagged', {
    flagged: c.flagged,
    scored: c.scored,
    paragraphs: shown.length > 0 ? shown.join(', ') : 'none',
    more: Math.max(0, c.paragraphs.length - MAX_FLAGGED),
  });
  return c.testModel ? `${line} ${ctx.t('confidence.testModel')}` : line;
}

function printStatus(ctx: CliContext, s: DocumentStatus) {
  const out = (line: string) => ctx.stdout.write(`${line}\n`);
  out(ctx.t('status.title', { title: s.title, slug: s.slug }));
  out(`  ${ctx.t('status.size', { words: s.words, paragraphs: s.paragraphs })}`);
  out(
    `  ${ctx.t('status.translated', { done: s.translation.done, total: s.translation.total, status: s.translation.status })}` +
      (s.translation.testModel && s.translation.done > 0 ? ` ${ctx.t('status.testModel')}` : ''),
  );
  out(`  ${ctx.t('status.review', { approved: s.review.approved, total: s.review.total, edited: s.review.edited })}`);
  const flags = s.confidence ? printFlags(ctx, s.confidence) : null;
  if (flags) out(`  ${flags}`);
  if (s.review.total > 0 && s.review.pending.length === 0) out(`  ${ctx.t('status.allApproved')}`);
  else if (s.review.pending.length > 0) {
    const { text, more } = formatRuns(s.review.pending);
    out(`  ${ctx.t('status.toReview', { paragraphs: text, more })}`);
  }
}

async function runStatus(ctx: CliContext, slug: string | undefined, opts: { json?: boolean; server?: string }) {
  const remote = remoteOf(ctx, opts.server);
  if (remote) return showStatus(ctx, slug, opts, serverSource(ctx, remote), remote.url);
  await withLibrary(ctx, (store, content) => {
    const deps = storeDeps(ctx.config, store, content);
    const source = { one: (s: string) => documentStatus(deps, s), all: () => listDocuments(deps) };
    return showStatus(ctx, slug, opts, source, content.where);
  });
}

async function showStatus(
  ctx: CliContext,
  slug: string | undefined,
  opts: { json?: boolean },
  source: StatusSource,
  where: string,
) {
  if (slug !== undefined) {
    const result = await source.one(slug);
    if (!result.ok) {
      err(ctx, ctx.t('status.failed', { slug, message: result.message }));
      throw new CliExit(1);
    }
    if (opts.json) ctx.stdout.write(`${JSON.stringify(result.status, null, 2)}\n`);
    else printStatus(ctx, result.status);
    return;
  }
  const entries = await source.all();
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ documents: entries }, null, 2)}\n`);
    return;
  }
  if (entries.length === 0) ctx.stdout.write(`${ctx.t('status.empty', { dir: where })}\n`);
  for (const entry of entries) {
    if (!entry.ok) {
      ctx.stdout.write(`${ctx.t('status.problem', { file: entry.fileName, message: entry.message })}\n`);
      continue;
    }
    const testModel = entry.translation.testModel && entry.translation.done > 0 ? ` ${ctx.t('status.testModel')}` : '';
    ctx.stdout.write(
      `${ctx.t('status.line', {
        title: entry.title,
        slug: entry.slug,
        paragraphs: entry.paragraphs,
        done: entry.translation.done,
        approved: entry.review.approved,
        edited: entry.review.edited,
      })}${testModel}\n`,
    );
  }
}

/** `paralelo status [slug] [--json]`: translation and review progress, of every document or of one. */
export function registerStatusCommands(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description(ctx.t('status.description'))
    .argument('[slug]', ctx.t('status.slugArgument'))
    .option('--json', ctx.t('status.jsonOption'))
    .option('--server <url>', ctx.t('remote.serverOption'))
    .action((slug: string | undefined, opts: { json?: boolean; server?: string }) => runStatus(ctx, slug, opts));
}
