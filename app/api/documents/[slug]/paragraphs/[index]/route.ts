import { apiError, guarded, json, readJson } from '../../../../_shared/respond';
import {
  editDeps,
  failureResponse,
  ifMatchOf,
  paragraphParams,
  saveResponse,
  type ParagraphParams,
} from '../edit-response';
import { openParagraph, saveParagraph } from '@/lib/documents/save-revision';
import { MAX_BODY_BYTES, parseSaveBody } from '@/lib/documents/save-input';

export const dynamic = 'force-dynamic';

/** GET: one paragraph's current view (target, machine, revision, version, flags), with its version as ETag. */
export function GET(_request: Request, { params }: ParagraphParams) {
  return guarded(async () => {
    const where = await paragraphParams(params);
    if (!where.ok) return where.response;
    const result = await openParagraph(await editDeps(), where.slug, where.index);
    if (!result.ok) return failureResponse(result);
    const response = json(result.paragraph);
    response.headers.set('etag', `"${result.paragraph.version ?? '0'}"`);
    return response;
  });
}

/** PUT { text, status, author, clientSaveId, kind? } with If-Match: saves the paragraph's English as a revision. */
export function PUT(request: Request, { params }: ParagraphParams) {
  return guarded(async () => {
    const where = await paragraphParams(params);
    if (!where.ok) return where.response;
    const ifMatch = ifMatchOf(request);
    if (!ifMatch.ok) return ifMatch.response;
    const body = await readJson(request, MAX_BODY_BYTES);
    if (!body.ok) return body.response;
    const fields = parseSaveBody(body.value);
    if (!fields.ok) return apiError(fields.code === 'too_large' ? 'payload_too_large' : 'bad_request', fields.message);
    const result = await saveParagraph(
      await editDeps(),
      { slug: where.slug, index: where.index, baseVersion: ifMatch.value },
      fields.value,
    );
    return saveResponse(result);
  });
}
