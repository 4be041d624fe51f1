import { apiError, apiErrorWith, guarded, json, readJson } from '../../../../../_shared/respond';
import { editDeps, failureResponse, ifMatchOf, paragraphParams, type ParagraphParams } from '../../edit-response';
import { realignParagraphs } from '@/lib/documents/realign-paragraphs';
import { parseRealignBody } from '@/lib/documents/save-input';

export const dynamic = 'force-dynamic';

/**
 * POST { action: "join" | "pushLast" | "pullFirst", nextVersion, author, clientSaveId } with If-Match (this
 * paragraph's version): moves the English boundary between this paragraph and the next. 201 { revisions,
 * paragraphs } (two of each); 409 { error, current: [this, next] }; 422 when there is no sentence to move.
 */
export function POST(request: Request, { params }: ParagraphParams) {
  return guarded(async () => {
    const where = await paragraphParams(params);
    if (!where.ok) return where.response;
    const ifMatch = ifMatchOf(request);
    if (!ifMatch.ok) return ifMatch.response;
    const body = await readJson(request, 4096);
    if (!body.ok) return body.response;
    const fields = parseRealignBody(body.value);
    if (!fields.ok) return apiError('bad_request', fields.message);
    const result = await realignParagraphs(await editDeps(), {
      slug: where.slug,
      index: where.index,
      action: fields.value.action,
      versions: { current: ifMatch.value, next: fields.value.nextVersion },
      author: fields.value.author,
      clientSaveId: fields.value.clientSaveId,
    });
    if (result.ok) return json({ revisions: result.revisions, paragraphs: result.paragraphs }, 201);
    if (result.code === 'conflict') return apiErrorWith('conflict', result.message, { current: result.current });
    if (result.code === 'nothing_to_move') return apiError('unprocessable', result.message);
    return failureResponse(result);
  });
}
