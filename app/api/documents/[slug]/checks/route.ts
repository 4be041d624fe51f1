import { guard } from '../../../_shared/access';
import { apiError, busyAnswer, checkSlug, guarded, json } from '../../../_shared/respond';
import { documentDeps, getAppContext } from '@/lib/documents/context';
import { sharedFindingsCache } from '@/lib/documents/checks-cache';
import { cachedCheckDocument } from '@/lib/documents/document-checks';
import { storedGlossaryEntries } from '@/lib/documents/library-glossary';

export const dynamic = 'force-dynamic';

/**
 * GET /api/documents/:slug/checks: the QA checks of the document's current English against the library's glossary
 * (run in the parse pool, kept in the findings cache by what they depend on: lib/documents/checks-cache), each
 * finding with its paragraph, spans in both languages, key and whether it is ignored; counts per check.
 */
export function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return guarded(async () => {
    const who = await guard(request, { action: 'read' });
    if (who instanceof Response) return who;
    const { slug } = await params;
    const bad = checkSlug(slug);
    if (bad) return bad;
    const ctx = await getAppContext();
    const glossary = await storedGlossaryEntries(ctx.store);
    const result = await cachedCheckDocument(await documentDeps(ctx), ctx.store, slug, {
      offThread: true,
      cache: sharedFindingsCache(),
      ...(glossary ? { glossary } : {}),
    });
    if (!result.ok && result.code === 'busy') return busyAnswer(result);
    if (!result.ok) return apiError(result.code === 'not_found' ? 'not_found' : 'unprocessable', result.message);
    const { report, ...rest } = result.checks;
    return json({ ...rest, checkMs: Math.round(rest.checkMs), ...report });
  });
}
