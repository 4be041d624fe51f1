import { guard } from '../_shared/access';
import { busyAnswer, guarded, json } from '../_shared/respond';
import { isContentEntry, loadDocument } from '@/lib/content';
import { documentDeps, getAppContext } from '@/lib/documents/context';
import { importDocument, type ImportErrorCode } from '@/lib/documents/import-document';
import { listDocuments } from '@/lib/documents/open-document';
import { MAX_IMPORT_BYTES } from '@/lib/exchange/limits';
import { parseUpload, pastedBytes, readLimitedBody } from '@/lib/exchange/read-body';

export const dynamic = 'force-dynamic';

/** GET /api/documents: every document of the library, with error entries for files that cannot be opened. */
export function GET(request: Request) {
  return guarded(async () => {
    const who = await guard(request, { action: 'read' });
    if (who instanceof Response) return who;
    const ctx = await getAppContext();
    return json({ documents: await listDocuments(await documentDeps(ctx)) });
  });
}

// Room for the multipart boundaries and the small fields around a file of the full size.
const MAX_BODY = MAX_IMPORT_BYTES + 256 * 1024;

const STATUS: Record<ImportErrorCode | 'bad_request' | 'unsupported_media_type', number> = {
  bad_request: 400,
  invalid_slug: 400,
  slug_taken: 409,
  too_large: 413,
  unsupported: 415,
  unsupported_media_type: 415,
  binary: 415,
  empty: 422,
  unreadable: 422,
  encoding: 422,
};

const fail = (code: keyof typeof STATUS, message: string) => json({ error: { code, message } }, STATUS[code]);

const tooLarge = () =>
  json(
    {
      error: {
        code: 'payload_too_large',
        message: `The upload is over the import limit of ${MAX_IMPORT_BYTES} bytes (10 MB). Split the document.`,
        limit: MAX_IMPORT_BYTES,
      },
    },
    413,
  );

/**
 * POST /api/documents: imports a document, from multipart/form-data (file, title, text) or JSON { text, title }.
 * 201 { slug, title }; 400, 409, 413, 415 or 422 { error: { code, message } }; 503 with Retry-After when the
 * server's parse pool is full.
 */
export function POST(request: Request) {
  return guarded(async () => {
    const who = await guard(request, { action: 'importDocument' });
    if (who instanceof Response) return who;
    const body = await readLimitedBody(request, MAX_BODY);
    if (!body.ok) return body.code === 'too_large' ? tooLarge() : fail('bad_request', 'The upload was interrupted.');
    const upload = await parseUpload(request.headers.get('content-type') ?? '', body.bytes);
    if (!upload.ok) return fail(upload.code, upload.message);
    const { file, text, title, slug } = upload.fields;
    if (!file && (text === null || text.trim() === ''))
      return fail('bad_request', 'Nothing to import: send a "file", or a non-empty "text".');
    const ctx = await getAppContext();
    const result = await importDocument(ctx.content, {
      bytes: file ? file.bytes : pastedBytes(text ?? ''),
      fileName: file ? file.name : null,
      title,
      slug: slug || null,
    });
    if (!result.ok) {
      if (result.code === 'busy') return busyAnswer(result);
      if (result.code === 'encoding')
        return json({ error: { code: 'encoding', message: result.message, line: result.line } }, 422);
      return result.code === 'too_large' ? tooLarge() : fail(result.code, result.message);
    }
    // Parse it now, in the background, so the first reader visit finds it in the loader's cache (books take seconds).
    void ctx.content
      .find(result.slug)
      .then((f) => (f && isContentEntry(f) ? loadDocument(ctx.content, f) : null))
      .catch(() => {});
    return json(
      {
        slug: result.slug,
        title: result.title,
        paragraphs: result.paragraphs,
        removed: result.removed,
        skipped: result.skipped,
        encoding: result.encoding,
      },
      201,
    );
  });
}
