import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../lib/checks';
import { PairMemo } from '../../../lib/checks/pair-memo';
import { runCheckTask } from '../../../lib/checks/task';
import { compileGlossary } from '../../../lib/glossary/match';
import type { GlossaryEntry } from '../../../lib/glossary/types';

const SOURCES = [
  'Llegaron 15 personas al molino.',
  '¿Quién construyó el molino en 1850? Nadie lo sabe.',
  'El molino muele trigo. Da trabajo a 3,5 mil personas. Hoy es un museo.',
  'Visita https://example.org y escribe a info@example.org.',
  'El «viejo» molino.',
];
const TARGETS = [
  '15 people came to the mill.',
  '¿Who built the windmill in 1850? Nobody knows.',
  'The mill grinds wheat.',
  'Visit https://example.org.',
  'The «old» mill.',
  'Llegaron 15 personas al molino.',
  '',
  'The mill grinds wheat. It employs 3.5 thousand people. Today it is a museum.',
];
const GLOSSARIES: GlossaryEntry[][] = [
  [],
  [{ term: 'molino', forms: ['molinos'], english: ['mill'], forbidden: ['windmill'] }],
  [{ term: 'molino', forms: [], english: ['windmill'], forbidden: [] }],
];

describe('PairMemo', () => {
  it('gives the same report as a fresh run after any series of edits, glossary changes and style changes', () => {
    const memo = new PairMemo();
    const step = fc.record({
      paragraph: fc.nat({ max: 29 }),
      source: fc.nat({ max: SOURCES.length - 1 }),
      target: fc.nat({ max: TARGETS.length - 1 }),
      glossary: fc.nat({ max: GLOSSARIES.length - 1 }),
      quotes: fc.constantFrom('curly' as const, 'straight' as const),
    });
    // 30 pairs: more than the length check's 20, so the document's own length model shifts with the edits.
    const pairs = Array.from({ length: 30 }, (_, index) => ({
      index,
      source: SOURCES[index % SOURCES.length]!,
      target: TARGETS[index % TARGETS.length]!,
    }));
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 10 }), (steps) => {
        for (const s of steps) {
          pairs[s.paragraph] = { index: s.paragraph, source: SOURCES[s.source]!, target: TARGETS[s.target]! };
          const entries = GLOSSARIES[s.glossary]!;
          const input = {
            pairs: [...pairs],
            style: { quotes: s.quotes },
            ...(entries.length ? { glossary: compileGlossary(entries), glossaryVersion: `g${s.glossary}` } : {}),
          };
          expect(runChecks(input, { memo })).toEqual(runChecks(input));
        }
      }),
      { numRuns: 40 },
    );
    expect(memo.size).toBeGreaterThan(0);
  });

  it('never reuses glossary findings it cannot tell apart: no glossary version, no reuse', () => {
    const memo = new PairMemo();
    const pairs = [{ index: 0, source: 'El molino.', target: 'The windmill.' }];
    const forbid = { pairs, glossary: compileGlossary(GLOSSARIES[1]!) };
    const allow = { pairs, glossary: compileGlossary(GLOSSARIES[2]!) };
    expect(runChecks(forbid, { memo, only: ['glossary'] }).findings.length).toBeGreaterThan(0);
    expect(runChecks(allow, { memo, only: ['glossary'] }).findings).toHaveLength(0);
  });

  it('is used by the pool task only when asked, with the glossary versioned by its entries', () => {
    const pairs = [{ index: 0, source: 'El molino.', target: 'The windmill.' }];
    const memory = { sentences: new Map<string, string>() };
    const task = (glossary: GlossaryEntry[]) => ({ pairs, memory, ignored: [], glossary, reusePairs: true });
    expect(runCheckTask(task(GLOSSARIES[1]!)).findings.map((f) => f.message)).toContain('glossary.forbidden');
    expect(runCheckTask(task(GLOSSARIES[2]!)).findings.map((f) => f.check)).not.toContain('glossary');
  });
});
