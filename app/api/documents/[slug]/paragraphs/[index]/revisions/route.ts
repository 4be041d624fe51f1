import { guard } from '../../../../../_shared/access';
import { apiError, guarded, json } from '../../../../../_shared/respond';
import { editDeps, failureResponse, paragraphParams, type ParagraphParams } from '../../edit-response';
import { listParagraphRevisions } from '@/lib/documents/save-revision';
import { parseRevisionQuery } from '@/lib/documents/save-input';

export const dynamic = 'force-dynamic';

/** GET ?limit=&before=: the paragraph's revisions, newest first (default 200, at most 1000 per page). */
export function GET(request: Request, { params }: ParagraphParams) {
  return guarded(async () => {
    const who = await guard(request, { action: 'read' });
    if (who instanceof Response) return who;
    const where = await paragraphParams(params);
    if (!where.ok) return where.response;
    const query = parseRevisionQuery(new URL(request.url).searchParams);
    if (!query.ok) return apiError('bad_request', query.message);
    const result = await listParagraphRevisions(await editDeps(), where.slug, where.index, query.value);
    if (!result.ok) return failureResponse(result);
    return json({ revisions: result.revisions });
  });
}
