import { describe, expect, it } from 'vitest';
import { parseUpload, readLimitedBody } from '../../../lib/exchange/read-body';

function streamOf(chunks: number[], headers: Record<string, string> = {}) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const size = chunks[pulled++];
      if (size === undefined) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  });
  return new Request('http://x/api', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

describe('readLimitedBody', () => {
  it('refuses a declared Content-Length over the limit without reading', async () => {
    const request = new Request('http://x/api', { method: 'POST', body: 'abc', headers: { 'content-length': '999' } });
    expect(await readLimitedBody(request, 10)).toEqual({ ok: false, code: 'too_large' });
  });

  it('refuses while reading when the bytes go over the limit (no or false Content-Length)', async () => {
    expect(await readLimitedBody(streamOf([6, 6]), 10)).toEqual({ ok: false, code: 'too_large' });
    expect(await readLimitedBody(streamOf([6, 6], { 'content-length': '5' }), 10)).toEqual({
      ok: false,
      code: 'too_large',
    });
    const fine = await readLimitedBody(streamOf([4, 6]), 10);
    expect(fine.ok && fine.bytes.byteLength).toBe(10);
  });
});

describe('parseUpload', () => {
  it('reads multipart files and fields, JSON objects, and refuses other types', async () => {
    const form = new FormData();
    form.set('title', 'Título');
    form.set('file', new File(['Hola.'], '../../etc/notas.txt', { type: 'text/plain' }));
    const request = new Request('http://x/api', { method: 'POST', body: form });
    const bytes = new Uint8Array(await request.arrayBuffer());
    const parsed = await parseUpload(request.headers.get('content-type')!, bytes);
    expect(parsed.ok && parsed.fields.title).toBe('Título');
    expect(parsed.ok && parsed.fields.file?.name).toBe('notas.txt');
    expect(parsed.ok && new TextDecoder().decode(parsed.fields.file!.bytes)).toBe('Hola.');
    const json = await parseUpload('application/json', new TextEncoder().encode('{"text":"Hola","title":"T"}'));
    expect(json).toEqual({
      ok: true,
      fields: { file: null, text: 'Hola', title: 'T', slug: null, json: { text: 'Hola', title: 'T' } },
    });
    expect(await parseUpload('application/json', new TextEncoder().encode('[1]'))).toMatchObject({
      ok: false,
      code: 'bad_request',
    });
    expect(await parseUpload('application/json', new TextEncoder().encode('{"text":1}'))).toMatchObject({
      ok: false,
      code: 'bad_request',
    });
    expect(await parseUpload('text/plain', new Uint8Array())).toMatchObject({
      ok: false,
      code: 'unsupported_media_type',
    });
  });
});
