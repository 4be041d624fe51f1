import { authorOf, guard } from '../../../../../_shared/access';
import { apiError, apiErrorWith, guarded, json } from '../../../../../_shared/respond';
import { editDeps, failureResponse, readEditRequest, type ParagraphParams } from '../../edit-response';
import { realignParagraphs } from '@/lib/documents/realign-paragraphs';
import { parseRealignBody } from '@/lib/documents/save-input';

export const dynamic = 'force-dynamic';

/**
 * POST { action: "join" | "pushLast" | "pullFirst", nextVersion, clientSaveId } with If-Match (this
 * paragraph's version): moves the English boundary between this paragraph and the next. 201 { revisions,
 * paragraphs } (two of each); 409 { error, current: [this, next] }; 422 when there is no sentence to move.
 */
export function POST(request: Request, { params }: ParagraphParams) {
  return guarded(async () => {
    const who = await guard(request, { action: 'realign', json: true });
    if (who instanceof Response) return who;
    const req = await readEditRequest(request, params, 4096, parseRealignBody);
    if (!req.ok) return req.response;
    const result = await realignParagraphs(await editDeps(), {
      slug: req.slug,
      index: req.index,
      action: req.fields.action,
      versions: { current: req.version, next: req.fields.nextVersion },
      author: authorOf(who),
      clientSaveId: req.fields.clientSaveId,
    });
    if (result.ok) return json({ revisions: result.revisions, paragraphs: result.paragraphs }, 201);
    if (result.code === 'conflict') return apiErrorWith('conflict', result.message, { current: result.current });
    if (result.code === 'nothing_to_move') return apiError('unprocessable', result.message);
    return failureResponse(result);
  });
}
