import { apiError, checkSlug, guarded, json } from '../../_shared/respond';
import { documentDeps, getAppContext } from '@/lib/documents/context';
import { openDocument } from '@/lib/documents/open-document';

export const dynamic = 'force-dynamic';

/** GET /api/documents/:slug: paragraphs, sentences, and each paragraph's stored translation with its alignment. */
export function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return guarded(async () => {
    const { slug } = await params;
    const bad = checkSlug(slug);
    if (bad) return bad;
    const ctx = await getAppContext();
    const result = await openDocument(await documentDeps(ctx), slug);
    if (!result.ok) return apiError(result.code === 'not_found' ? 'not_found' : 'unprocessable', result.message);
    return json(result.document);
  });
}
