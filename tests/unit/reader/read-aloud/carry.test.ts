import { describe, expect, it } from 'vitest';
import { carryJson, parseCarry } from '@/components/reader/read-aloud/carry';

const now = 1_700_000_000_000;
const note = { slug: 'quijote', side: 'es' as const, paragraph: 100, rate: 1.25, at: now - 2000 };

describe('reading aloud carried across a page turn', () => {
  it('is taken by the same document, fresh', () => {
    expect(parseCarry(carryJson(note), 'quijote', now)).toEqual(note);
  });

  it('is ignored for another document, when stale or from the future, or when not a note', () => {
    expect(parseCarry(carryJson(note), 'otro', now)).toBeNull();
    expect(parseCarry(carryJson({ ...note, at: now - 61_000 }), 'quijote', now)).toBeNull();
    expect(parseCarry(carryJson({ ...note, at: now + 5000 }), 'quijote', now)).toBeNull();
    for (const raw of [null, '', 'x', '[]', 'null', '{"slug":"quijote"}', JSON.stringify({ ...note, side: 'fr' })])
      expect(parseCarry(raw, 'quijote', now)).toBeNull();
    for (const paragraph of [-1, 1.5, '3', null])
      expect(parseCarry(JSON.stringify({ ...note, paragraph }), 'quijote', now)).toBeNull();
    expect(parseCarry(`{"slug":"quijote","x":"${'a'.repeat(2000)}"}`, 'quijote', now)).toBeNull();
  });

  it('keeps only a speed that is offered', () => {
    expect(parseCarry(JSON.stringify({ ...note, rate: 40 }), 'quijote', now)?.rate).toBe(1);
  });
});
