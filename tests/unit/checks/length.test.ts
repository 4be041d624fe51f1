import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../lib/checks';
import { pairsOf } from './helpers';

// Sentences written for this test, each with an English of the usual length.
const ROWS: Array<[string, string]> = [
  ['El líder de Corea del Norte prometió apoyo a Putin.', 'The leader of North Korea promised support to Putin.'],
  [
    'Kim llegó en su tren blindado a la ciudad de Vostochni.',
    'Kim arrived in his armoured train in the city of Vostochny.',
  ],
  ['Los dos líderes hablaron durante más de cuatro horas.', 'The two leaders talked for more than four hours.'],
  ['Occidente teme un acuerdo de armas entre ambos países.', 'The West fears an arms deal between the two countries.'],
];

function documentOf(rows: Array<[string, string]>, copies: number) {
  return pairsOf(Array.from({ length: copies }, (_, i) => rows[i % rows.length]!));
}

describe('length check', () => {
  it('passes a document whose paragraphs keep the usual ratio', () => {
    expect(runChecks({ pairs: documentOf(ROWS, 40) }, { only: ['length'] }).findings).toEqual([]);
  });

  it('reports the one paragraph far shorter or longer than the rest of the document', () => {
    const pairs = documentOf(ROWS, 40);
    pairs[7] = { ...pairs[7]!, target: 'Talks.' };
    pairs[9] = { ...pairs[9]!, target: `${pairs[9]!.target} ${pairs[9]!.target} And much more was said that day.` };
    const findings = runChecks({ pairs }, { only: ['length'] }).findings;
    expect(findings.map((f) => [f.paragraph, f.message, f.severity])).toEqual([
      [7, 'length.short', 'warning'],
      [9, 'length.long', 'warning'],
    ]);
    expect(findings[0]!.params.percent).toBeLessThan(30);
  });

  it('judges a short document against the dev sets’ ratio', () => {
    const findings = runChecks({ pairs: pairsOf([[ROWS[0]![0], 'Promise.']]) }, { only: ['length'] }).findings;
    expect(findings.map((f) => f.message)).toEqual(['length.short']);
  });

  it('property: a document in which every English is k times its Spanish flags nothing, whatever k', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 2, noNaN: true }), (k) => {
        const pairs = documentOf(ROWS, 30).map((p) => ({ ...p, target: 'x'.repeat(Math.round(p.source.length * k)) }));
        return runChecks({ pairs }, { only: ['length'] }).findings.length === 0;
      }),
    );
  });
});
