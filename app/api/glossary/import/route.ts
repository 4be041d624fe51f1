import { authorOf, guard } from '../../_shared/access';
import { busyAnswer, guarded, json } from '../../_shared/respond';
import { getAppContext } from '@/lib/documents/context';
import { importGlossaryEntries } from '@/lib/documents/library-glossary';
import { parseUpload, readLimitedBody } from '@/lib/exchange/read-body';
import { MAX_GLOSSARY_BYTES } from '@/lib/glossary';
import { poolBusy, runHeavy } from '@/lib/heavy/pool';
import { glossaryFailure } from '../failure';

export const dynamic = 'force-dynamic';

const fail = (status: number, code: string, message: string) => json({ error: { code, message } }, status);

/**
 * POST /api/glossary/import (multipart/form-data, a "file" field with a .tbx or .csv; translator and up): its
 * entries join the library's glossary, a term it has already is replaced. 200 { added, updated, problems }; 413 over
 * 10 MB; 422 { error, reason, params } for a file that is not TBX/CSV, over 20,000 entries, or with no usable entry.
 */
export function POST(request: Request) {
  return guarded(async () => {
    const who = await guard(request, { action: 'editGlossary' });
    if (who instanceof Response) return who;
    const body = await readLimitedBody(request, MAX_GLOSSARY_BYTES + 256 * 1024);
    if (!body.ok)
      return body.code === 'too_large'
        ? fail(
            413,
            'payload_too_large',
            `The upload is over the glossary limit of ${MAX_GLOSSARY_BYTES} bytes (10 MB).`,
          )
        : fail(400, 'bad_request', 'The upload was interrupted.');
    const upload = await parseUpload(request.headers.get('content-type') ?? '', body.bytes);
    if (!upload.ok) return fail(upload.code === 'bad_request' ? 400 : 415, upload.code, upload.message);
    const file = upload.fields.file;
    if (!file) return fail(400, 'bad_request', 'Send the TBX or CSV glossary in a multipart "file" field.');
    // Read in the parse pool: a 10 MB termbase never holds the thread that answers the reader.
    const ran = await runHeavy('readGlossary', { bytes: file.bytes, fileName: file.name });
    if (!ran.ok) {
      const busy = poolBusy(ran);
      if (busy) return busyAnswer(busy);
      return fail(422, 'unprocessable', `${file.name}: ${ran.message}.`);
    }
    const { store } = await getAppContext();
    const result = await importGlossaryEntries(store, ran.value, file.name, authorOf(who), Date.now());
    if (!result.ok) return glossaryFailure(result);
    return json({ added: result.added, updated: result.updated, problems: result.problems });
  });
}
