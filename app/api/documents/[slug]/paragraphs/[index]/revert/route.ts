import { apiError, guarded, readJson } from '../../../../../_shared/respond';
import { editDeps, ifMatchOf, paragraphParams, saveResponse, type ParagraphParams } from '../../edit-response';
import { revertParagraph } from '@/lib/documents/save-revision';
import { parseRevertBody } from '@/lib/documents/save-input';

export const dynamic = 'force-dynamic';

/** POST { revisionId, author, clientSaveId } with If-Match: restores an earlier revision as a new one. */
export function POST(request: Request, { params }: ParagraphParams) {
  return guarded(async () => {
    const where = await paragraphParams(params);
    if (!where.ok) return where.response;
    const ifMatch = ifMatchOf(request);
    if (!ifMatch.ok) return ifMatch.response;
    const body = await readJson(request, 4096);
    if (!body.ok) return body.response;
    const fields = parseRevertBody(body.value);
    if (!fields.ok) return apiError('bad_request', fields.message);
    const result = await revertParagraph(
      await editDeps(),
      { slug: where.slug, index: where.index, baseVersion: ifMatch.value },
      fields.value,
    );
    return saveResponse(result);
  });
}
