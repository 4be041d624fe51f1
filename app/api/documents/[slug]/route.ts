import { documentRoute, useCaseAnswer } from '../../_shared/document-route';
import { apiError, json, jsonStreamed } from '../../_shared/respond';
import { documentDeps } from '@/lib/documents/context';
import { deleteDocument } from '@/lib/documents/delete-document';
import { openDocument, type ParagraphRange } from '@/lib/documents/open-document';

export const dynamic = 'force-dynamic';

const INDEX = /^\d{1,7}$/;

/** `?from=&to=` (paragraph indices, inclusive), both optional; null when malformed. */
function rangeOf(url: URL): ParagraphRange | undefined | null {
  const from = url.searchParams.get('from');
  const to = url.searchParams.get('to');
  if (from === null && to === null) return undefined;
  if ((from !== null && !INDEX.test(from)) || (to !== null && !INDEX.test(to))) return null;
  const range = { from: from === null ? 0 : Number(from), to: to === null ? Number.MAX_SAFE_INTEGER : Number(to) };
  return range.from <= range.to ? range : null;
}

/**
 * GET /api/documents/:slug[?from=&to=]: paragraphs (all, or those in the range), sentences, and each paragraph's
 * current English with its alignment; `translation` and `review` sum up the whole document.
 */
export const GET = documentRoute({ action: 'read' }, async ({ request, slug, context }) => {
  const range = rangeOf(new URL(request.url));
  if (range === null) return apiError('bad_request', '"from" and "to" must be paragraph indices with from <= to.');
  const ctx = await context();
  const result = await openDocument(await documentDeps(ctx), slug, range);
  if (!result.ok) return useCaseAnswer(result);
  return jsonStreamed({ ...result.document }, 'paragraphs');
});

/**
 * DELETE /api/documents/:slug (admins): takes the document out of the library. 200 `{ deleted: { slug, fileName } }`;
 * its running translation is cancelled, its source kept (content/.deleted/, or a row marked deleted) and its
 * revisions stay in the store. 404 for an unknown document.
 */
export const DELETE = documentRoute({ action: 'deleteDocument' }, async ({ who, slug, context }) => {
  const ctx = await context();
  const result = await deleteDocument(ctx.content, slug, (s) => ctx.queue.cancel(s));
  if (!result.ok) return apiError('not_found', result.message);
  console.log(`[paralelo:documents] ${who.displayName} deleted "${result.slug}" (kept at ${result.keptAt})`);
  return json({ deleted: { slug: result.slug, fileName: result.fileName } });
});
