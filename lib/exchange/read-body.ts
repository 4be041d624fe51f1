import { cleanLine, cutText } from './clean-text';

/** A request body read up to a limit: its bytes, or how it failed. */
export type LimitedBody = { ok: true; bytes: Uint8Array } | { ok: false; code: 'too_large' | 'aborted' };

/**
 * Reads a Web request body, refusing it as soon as the declared Content-Length or the bytes actually received go
 * over `limit` (a client can lie about, or leave out, Content-Length). Nothing is kept of a refused body.
 */
export async function readLimitedBody(request: Request, limit: number): Promise<LimitedBody> {
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > limit) return { ok: false, code: 'too_large' };
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return { ok: false, code: 'too_large' };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, code: 'aborted' };
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}

/**
 * Pasted text as the bytes an import reads. NUL is never text and would make the paste read as binary data; lone
 * surrogates become U+FFFD on the way (TextEncoder), as they would in any UTF-8 file.
 */
export function pastedBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text.replace(/\0/g, ''));
}

/** A file or text field of an upload: multipart/form-data (file, title, text, slug) or JSON ({ text, title }). */
export interface UploadFields {
  file: { bytes: Uint8Array; name: string } | null;
  text: string | null;
  title: string | null;
  slug: string | null;
  /** The whole object of a JSON body (its other fields are the route's to read), else null. */
  json: Record<string, unknown> | null;
}

export type ParsedUpload =
  { ok: true; fields: UploadFields } | { ok: false; code: 'bad_request' | 'unsupported_media_type'; message: string };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Parses a body already read within its limit, by its Content-Type. */
export async function parseUpload(contentType: string, bytes: Uint8Array): Promise<ParsedUpload> {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'multipart/form-data') {
    let form: FormData;
    try {
      form = await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
        headers: { 'content-type': contentType },
      }).formData();
    } catch {
      return { ok: false, code: 'bad_request', message: 'The multipart/form-data body cannot be read.' };
    }
    const file = form.get('file');
    const hasFile = typeof file === 'object' && file !== null && file.size > 0;
    return {
      ok: true,
      fields: {
        file: hasFile
          ? {
              bytes: new Uint8Array(await file.arrayBuffer()),
              name: cutText(cleanLine(file.name.replace(/^.*[\\/]/, '')), 200) || 'upload',
            }
          : null,
        text: str(form.get('text')),
        title: str(form.get('title')),
        slug: str(form.get('slug')),
        json: null,
      },
    };
  }
  if (type === 'application/json') {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return { ok: false, code: 'bad_request', message: 'The request body is not valid JSON.' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return {
        ok: false,
        code: 'bad_request',
        message: 'The JSON body must be an object: { "text": "...", "title": "..." }.',
      };
    const r = value as Record<string, unknown>;
    if (r.text !== undefined && typeof r.text !== 'string')
      return { ok: false, code: 'bad_request', message: '"text" must be a string.' };
    if (r.title !== undefined && r.title !== null && typeof r.title !== 'string')
      return { ok: false, code: 'bad_request', message: '"title" must be a string.' };
    return { ok: true, fields: { file: null, text: str(r.text), title: str(r.title), slug: str(r.slug), json: r } };
  }
  return {
    ok: false,
    code: 'unsupported_media_type',
    message: 'Send multipart/form-data (a "file" field) or application/json ({ "text": "..." }).',
  };
}
