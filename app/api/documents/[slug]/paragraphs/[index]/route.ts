import { authorOf, forbidden, guard } from '../../../../_shared/access';
import { guarded, json } from '../../../../_shared/respond';
import {
  editDeps,
  failureResponse,
  paragraphParams,
  readEditRequest,
  saveResponse,
  type ParagraphParams,
} from '../edit-response';
import { openParagraph, saveParagraph } from '@/lib/documents/save-revision';
import { MAX_BODY_BYTES, parseSaveBody } from '@/lib/documents/save-input';
import { can } from '@/lib/access';

export const dynamic = 'force-dynamic';

/** GET: one paragraph's current view (target, machine, revision, version, flags), with its version as ETag. */
export function GET(request: Request, { params }: ParagraphParams) {
  return guarded(async () => {
    const who = await guard(request, { action: 'read' });
    if (who instanceof Response) return who;
    const where = await paragraphParams(params);
    if (!where.ok) return where.response;
    const result = await openParagraph(await editDeps(), where.slug, where.index);
    if (!result.ok) return failureResponse(result);
    const response = json(result.paragraph);
    response.headers.set('etag', `"${result.paragraph.version ?? '0'}"`);
    return response;
  });
}

/**
 * PUT { text, status, clientSaveId, kind? } with If-Match: saves the paragraph's English as a revision, by the
 * caller's identity (translator; approving needs reviewer).
 */
export function PUT(request: Request, { params }: ParagraphParams) {
  return guarded(async () => {
    const who = await guard(request, { action: 'edit', json: true });
    if (who instanceof Response) return who;
    const req = await readEditRequest(request, params, MAX_BODY_BYTES, parseSaveBody);
    if (!req.ok) return req.response;
    if (req.fields.status === 'approved' && !can(who.role, 'approve')) return forbidden(who, 'approve');
    const result = await saveParagraph(
      await editDeps(),
      { slug: req.slug, index: req.index, baseVersion: req.version },
      { ...req.fields, author: authorOf(who) },
    );
    return saveResponse(result);
  });
}
