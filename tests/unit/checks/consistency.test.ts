import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../lib/checks';
import { pairsOf } from './helpers';

const consistency = (rows: Array<[string, string]>, memory?: Map<string, string>) =>
  runChecks({ pairs: pairsOf(rows), ...(memory ? { memory: { sentences: memory } } : {}) }, { only: ['consistency'] })
    .findings;

describe('consistency check', () => {
  it('reports the same Spanish translated two ways, against the most common one', () => {
    const findings = consistency([
      ['La reunión empezó tarde.', 'The meeting started late.'],
      ['Nadie sabía por qué.', 'Nobody knew why.'],
      ['La reunión empezó tarde.', 'The meeting started late.'],
      ['La reunión empezó tarde.', 'The session began late.'],
    ]);
    expect(findings.map((f) => [f.paragraph, f.message, f.params.paragraph])).toEqual([[3, 'consistency.source', 1]]);
  });

  it('ignores case, spacing and the final mark', () => {
    expect(
      consistency([
        ['La reunión empezó tarde.', 'The meeting started late.'],
        ['La  reunión empezó tarde', 'the meeting started late!'],
      ]),
    ).toEqual([]);
  });

  it('reports one English given to different Spanish', () => {
    const findings = consistency([
      ['El acuerdo se firmó ayer.', 'The deal was signed yesterday.'],
      ['El pacto se selló ayer.', 'The deal was signed yesterday.'],
    ]);
    expect(findings.map((f) => f.message)).toEqual(['consistency.target']);
  });

  it('reports English that differs from translation memory, with the remembered text', () => {
    const memory = new Map([['El acuerdo se firmó ayer.', 'The agreement was signed yesterday.']]);
    const findings = consistency([['El acuerdo se firmó ayer.', 'The deal was signed yesterday.']], memory);
    expect(findings).toMatchObject([
      { message: 'consistency.memory', params: { memory: 'The agreement was signed yesterday.' } },
    ]);
  });

  it('leaves short sentences alone ("Sí." may be "Yes." or "Right.")', () => {
    expect(
      consistency([
        ['Sí.', 'Yes.'],
        ['Sí.', 'Right.'],
      ]),
    ).toEqual([]);
  });

  it('property: a document that always translates a sentence the same way is consistent', () => {
    const sentence = fc.constantFrom(
      ['La casa es grande.', 'The house is big.'],
      ['El río baja crecido.', 'The river runs high.'],
      ['Mañana lloverá en el norte.', 'It will rain in the north tomorrow.'],
    ) as fc.Arbitrary<[string, string]>;
    fc.assert(fc.property(fc.array(sentence, { maxLength: 20 }), (rows) => consistency(rows).length === 0));
  });
});
