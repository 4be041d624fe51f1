import { authorOf, guard } from '../../../_shared/access';
import { apiError, busyAnswer, checkSlug, guarded, json } from '../../../_shared/respond';
import { editDeps } from '../paragraphs/edit-response';
import { importTranslation } from '@/lib/documents/import-translation';
import { MAX_IMPORT_BYTES } from '@/lib/exchange/limits';
import { parseUpload, pastedBytes, readLimitedBody } from '@/lib/exchange/read-body';

export const dynamic = 'force-dynamic';

/** `{ "3": "12", ... }`: the versions the reader was looking at, by paragraph index; null when malformed. */
function versionsOf(value: unknown): Map<number, string> | null {
  if (value === undefined || value === null) return new Map();
  if (typeof value !== 'object' || Array.isArray(value)) return null;
  const versions = new Map<number, string>();
  for (const [key, version] of Object.entries(value as Record<string, unknown>)) {
    if (!/^\d{1,7}$/.test(key) || typeof version !== 'string' || !/^\d{1,16}$/.test(version)) return null;
    versions.set(Number(key), version);
  }
  return versions;
}

/**
 * POST /api/documents/:slug/translation-import: a published English translation of the document, as JSON
 * { text, versions?, dryRun? } or multipart/form-data (a .txt/.md "file", or "text"). Its paragraphs are
 * aligned with the document's and each paragraph gets an 'import' revision. 200 with the report (imported,
 * conflicts, tooLong, links, lowConfidence); 400, 404, 413, 415, 422 with the usual error shape; 503 with
 * Retry-After when the server's parse pool is full (nothing written).
 */
export function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return guarded(async () => {
    const who = await guard(request, { action: 'importTranslation' });
    if (who instanceof Response) return who;
    const { slug } = await params;
    const bad = checkSlug(slug);
    if (bad) return bad;
    const body = await readLimitedBody(request, MAX_IMPORT_BYTES + 256 * 1024);
    if (!body.ok)
      return body.code === 'too_large'
        ? apiError(
            'payload_too_large',
            `The translation is over the import limit of ${MAX_IMPORT_BYTES} bytes (10 MB).`,
          )
        : apiError('bad_request', 'The upload was interrupted.');
    const contentType = request.headers.get('content-type') ?? '';
    const upload = await parseUpload(contentType, body.bytes);
    if (!upload.ok)
      return upload.code === 'bad_request'
        ? apiError('bad_request', upload.message)
        : json({ error: { code: upload.code, message: upload.message } }, 415);
    // parseUpload has read a JSON body as an object already; the import's own fields sit beside "text".
    const extra: Record<string, unknown> = upload.fields.json ?? {};
    const { file, text } = upload.fields;
    if (!file && text === null)
      return apiError(
        'bad_request',
        'Send the English translation as { "text": "..." } or in a multipart "file" field.',
      );
    const versions = versionsOf(extra.versions);
    if (versions === null)
      return apiError('bad_request', '"versions" must map paragraph indices to the versions you saw, as strings.');
    const result = await importTranslation(await editDeps(), slug, {
      bytes: file ? file.bytes : pastedBytes(text ?? ''),
      fileName: file ? file.name : null,
      // The revisions' author is the caller; an "author" in the body is ignored.
      author: authorOf(who),
      dryRun: extra.dryRun === true,
      versions,
    });
    if (result.ok) return json(result);
    switch (result.code) {
      case 'not_found':
        return apiError('not_found', result.message);
      case 'too_large':
        return apiError('payload_too_large', result.message);
      case 'busy':
        return busyAnswer(result);
      case 'encoding':
        return json({ error: { code: 'encoding', message: result.message, line: result.line } }, 422);
      case 'unsupported':
      case 'binary':
        return json({ error: { code: 'unsupported_media_type', message: result.message } }, 415);
      default:
        return apiError('unprocessable', result.message);
    }
  });
}
