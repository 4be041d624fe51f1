import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packEntries, packedCount, unpackEntries } from '../../../lib/heavy/packed-entries';

const entry = fc.record({
  level: fc.constantFrom('sentence' as const, 'paragraph' as const),
  sourceKey: fc.string({ unit: 'binary' }),
  target: fc.string({ unit: 'binary' }),
  approved: fc.boolean(),
});

describe('packed memory entries', () => {
  it('unpack, batch after batch, to exactly the entries packed', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (entries, batch) => {
        const packed = packEntries(entries);
        expect(packedCount(packed)).toBe(entries.length);
        const out = [];
        let offset = 0;
        for (let at = 0; at < entries.length; at += batch) {
          const next = unpackEntries(packed, at, at + batch, offset);
          out.push(...next.entries);
          offset = next.offset;
        }
        expect(out).toEqual(entries);
      }),
    );
  });
});
