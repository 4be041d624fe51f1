import { documentRoute, useCaseAnswer } from '../../../_shared/document-route';
import { json } from '../../../_shared/respond';
import { documentDeps } from '@/lib/documents/context';
import { sharedFindingsCache } from '@/lib/documents/checks-cache';
import { cachedCheckDocument } from '@/lib/documents/document-checks';
import { storedGlossaryEntries } from '@/lib/documents/library-glossary';

export const dynamic = 'force-dynamic';

/**
 * GET /api/documents/:slug/checks: the QA checks of the document's current English against the library's glossary
 * (run in the parse pool, kept in the findings cache by what they depend on: lib/documents/checks-cache), each
 * finding with its paragraph, spans in both languages, key and whether it is ignored; counts per check.
 */
export const GET = documentRoute({ action: 'read' }, async ({ slug, context }) => {
  const ctx = await context();
  const glossary = await storedGlossaryEntries(ctx.store);
  const result = await cachedCheckDocument(await documentDeps(ctx), ctx.store, slug, {
    offThread: true,
    cache: sharedFindingsCache(),
    ...(glossary ? { glossary } : {}),
  });
  if (!result.ok) return useCaseAnswer(result);
  const { report, ...rest } = result.checks;
  return json({ ...rest, checkMs: Math.round(rest.checkMs), ...report });
});
