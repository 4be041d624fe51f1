import { describe, expect, it } from 'vitest';
import { jsonStreamed } from '../../../app/api/_shared/respond';

async function chunksOf(res: Response): Promise<string[]> {
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(decoder.decode(value));
  }
}

describe('jsonStreamed', () => {
  it('writes the same value as JSON.stringify, the long array a slice at a time', async () => {
    const body = {
      slug: 'libro',
      title: 'Un "libro"\n\u2028',
      paragraphs: Array.from({ length: 1_001 }, (_, i) => ({ index: i, source: `Párrafo ${i}.`, target: null })),
      review: { total: 1_001 },
    };
    const res = jsonStreamed(body, 'paragraphs');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const chunks = await chunksOf(res);
    expect(chunks).toHaveLength(6);
    expect(JSON.parse(chunks.join(''))).toEqual(body);
  });

  it('writes an empty array and a body with nothing else', async () => {
    expect(JSON.parse((await chunksOf(jsonStreamed({ paragraphs: [] }, 'paragraphs'))).join(''))).toEqual({
      paragraphs: [],
    });
    expect(JSON.parse((await chunksOf(jsonStreamed({ a: 1, paragraphs: [1, 2] }, 'paragraphs', 1))).join(''))).toEqual({
      a: 1,
      paragraphs: [1, 2],
    });
  });
});
