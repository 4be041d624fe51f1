import { guard } from '../../_shared/access';
import { busyAnswer, guarded, json } from '../../_shared/respond';
import { getAppContext } from '@/lib/documents/context';
import { MAX_IMPORT_BYTES } from '@/lib/exchange/limits';
import { importMemoryFile } from '@/lib/documents/import-memory';
import { parseUpload, readLimitedBody } from '@/lib/exchange/read-body';

export const dynamic = 'force-dynamic';

const fail = (status: number, code: string, message: string) => json({ error: { code, message } }, status);

/**
 * POST /api/memory/import (multipart/form-data, a "file" field with a .tmx, .xlf or .po): its pairs become translation
 * memory. 200 { format, imported, skipped: { reason: count } }; 400, 413, 415, 422 with the usual error shape; 503
 * with Retry-After when the server's parse pool is full; 500 import_incomplete { stored, total } when storing failed
 * part-way (the first `stored` entries are kept; the same file again completes it).
 */
export function POST(request: Request) {
  return guarded(async () => {
    const who = await guard(request, { action: 'importMemory' });
    if (who instanceof Response) return who;
    const body = await readLimitedBody(request, MAX_IMPORT_BYTES + 256 * 1024);
    if (!body.ok)
      return body.code === 'too_large'
        ? fail(413, 'payload_too_large', `The upload is over the import limit of ${MAX_IMPORT_BYTES} bytes (10 MB).`)
        : fail(400, 'bad_request', 'The upload was interrupted.');
    const upload = await parseUpload(request.headers.get('content-type') ?? '', body.bytes);
    if (!upload.ok) return fail(upload.code === 'bad_request' ? 400 : 415, upload.code, upload.message);
    const file = upload.fields.file;
    if (!file) return fail(400, 'bad_request', 'Send the TMX, XLIFF or PO file in a multipart "file" field.');
    const { store } = await getAppContext();
    const read = await importMemoryFile(store, file.bytes, file.name);
    if (!read.ok && read.code === 'busy') return busyAnswer(read);
    if (!read.ok && read.code === 'incomplete')
      return json(
        { error: { code: 'import_incomplete', message: read.message, stored: read.stored, total: read.total } },
        500,
      );
    if (!read.ok && read.code === 'encoding')
      return json({ error: { code: 'encoding', message: read.message, line: read.line } }, 422);
    if (!read.ok)
      return read.code === 'too_large'
        ? fail(413, 'payload_too_large', read.message)
        : fail(
            read.code === 'binary' ? 415 : 422,
            read.code === 'binary' ? 'unsupported_media_type' : 'unprocessable',
            read.message,
          );
    return json({
      format: read.format,
      imported: read.stored,
      skipped: read.skippedCount,
      reasons: read.skipped,
      encoding: read.encoding,
    });
  });
}
