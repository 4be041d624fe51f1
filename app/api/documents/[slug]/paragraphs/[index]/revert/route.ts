import { guarded } from '../../../../../_shared/respond';
import { editDeps, readEditRequest, saveResponse, type ParagraphParams } from '../../edit-response';
import { revertParagraph } from '@/lib/documents/save-revision';
import { parseRevertBody } from '@/lib/documents/save-input';

export const dynamic = 'force-dynamic';

/** POST { revisionId, author, clientSaveId } with If-Match: restores an earlier revision as a new one. */
export function POST(request: Request, { params }: ParagraphParams) {
  return guarded(async () => {
    const req = await readEditRequest(request, params, 4096, parseRevertBody);
    if (!req.ok) return req.response;
    const result = await revertParagraph(
      await editDeps(),
      { slug: req.slug, index: req.index, baseVersion: req.version },
      req.fields,
    );
    return saveResponse(result);
  });
}
