import { apiError, apiErrorWith, checkSlug, json, readJson } from '../../../_shared/respond';
import { documentDeps, getAppContext } from '@/lib/documents/context';
import type { EditDeps, EditFailure, SaveResult } from '@/lib/documents/save-revision';
import { parseIfMatch, parseParagraphIndex, type InputResult } from '@/lib/documents/save-input';

export type ParagraphParams = { params: Promise<{ slug: string; index: string }> };

/** Slug and index from the URL, or the 404 to answer; unknown documents are found out by the use case. */
export async function paragraphParams(
  params: ParagraphParams['params'],
): Promise<{ ok: true; slug: string; index: number } | { ok: false; response: Response }> {
  const { slug, index } = await params;
  const bad = checkSlug(slug);
  if (bad) return { ok: false, response: bad };
  const parsed = parseParagraphIndex(index);
  if (parsed === null) {
    return { ok: false, response: apiError('not_found', `"${index.slice(0, 20)}" is not a paragraph index.`) };
  }
  return { ok: true, slug, index: parsed };
}

/** The version named by If-Match ("absent" when missing), or a 400 for a malformed one. */
function ifMatchOf(
  request: Request,
): { ok: true; value: number | null | 'absent' } | { ok: false; response: Response } {
  const parsed = parseIfMatch(request.headers.get('if-match'));
  return parsed.ok ? parsed : { ok: false, response: apiError('bad_request', parsed.message) };
}

/**
 * What every paragraph write (save, revert, realign) reads first: slug and index from the URL, the If-Match
 * version, and the JSON body within `maxBytes`, checked by `parse`. The first problem is the response to send.
 */
export async function readEditRequest<T>(
  request: Request,
  params: ParagraphParams['params'],
  maxBytes: number,
  parse: (body: unknown) => InputResult<T>,
): Promise<
  | { ok: true; slug: string; index: number; version: number | null | 'absent'; fields: T }
  | { ok: false; response: Response }
> {
  const where = await paragraphParams(params);
  if (!where.ok) return where;
  const ifMatch = ifMatchOf(request);
  if (!ifMatch.ok) return ifMatch;
  const body = await readJson(request, maxBytes);
  if (!body.ok) return body;
  const fields = parse(body.value);
  if (!fields.ok) {
    const code = fields.code === 'too_large' ? 'payload_too_large' : 'bad_request';
    return { ok: false, response: apiError(code, fields.message) };
  }
  return { ok: true, slug: where.slug, index: where.index, version: ifMatch.value, fields: fields.value };
}

/** The editing dependencies of this process (the shared store and configuration). */
export async function editDeps(): Promise<EditDeps> {
  const deps = await documentDeps(await getAppContext());
  if (!deps.revisions) throw new Error('[paralelo:api] the document dependencies carry no revision store');
  return { ...deps, revisions: deps.revisions };
}

/** A use-case failure as the API's error response. */
export function failureResponse(failure: EditFailure): Response {
  switch (failure.code) {
    case 'conflict':
      return apiErrorWith('conflict', failure.message, { current: failure.current, yours: failure.yours });
    case 'precondition_required':
      return apiError('precondition_required', failure.message);
    case 'too_large':
      return apiError('payload_too_large', failure.message);
    case 'save_id_reused':
      return apiError('unprocessable', failure.message);
    default:
      return apiError(failure.code, failure.message);
  }
}

/** 201 for a new revision, 200 when it was already saved (replay) or identical; the ETag names the revision. */
export function saveResponse(result: SaveResult): Response {
  if (!result.ok) return failureResponse(result);
  const response = json(
    { revision: result.revision, paragraph: result.paragraph },
    result.kind === 'saved' ? 201 : 200,
  );
  // The revision's own id, not the paragraph's latest: a replayed save must not adopt someone else's later revision.
  response.headers.set('etag', `"${result.revision.id}"`);
  return response;
}
