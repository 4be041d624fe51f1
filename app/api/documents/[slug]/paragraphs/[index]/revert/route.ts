import { authorOf, forbidden, guard } from '../../../../../_shared/access';
import { guarded } from '../../../../../_shared/respond';
import { can } from '@/lib/access';
import { editDeps, readEditRequest, saveResponse, type ParagraphParams } from '../../edit-response';
import { revertParagraph } from '@/lib/documents/save-revision';
import { parseRevertBody } from '@/lib/documents/save-input';

export const dynamic = 'force-dynamic';

/**
 * POST { revisionId, clientSaveId } with If-Match: restores an earlier revision as a new one, by the caller
 * (translator; restoring an approved revision is approving, so it needs reviewer).
 */
export function POST(request: Request, { params }: ParagraphParams) {
  return guarded(async () => {
    const who = await guard(request, { action: 'edit', json: true });
    if (who instanceof Response) return who;
    const req = await readEditRequest(request, params, 4096, parseRevertBody);
    if (!req.ok) return req.response;
    const deps = await editDeps();
    if (!can(who.role, 'approve')) {
      const old = await deps.revisions.getRevision(req.slug, req.index, req.fields.revisionId);
      if (old?.status === 'approved') return forbidden(who, 'approve');
    }
    const result = await revertParagraph(
      deps,
      { slug: req.slug, index: req.index, baseVersion: req.version },
      { ...req.fields, author: authorOf(who) },
    );
    return saveResponse(result);
  });
}
