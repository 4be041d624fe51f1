import { describe, expect, it } from 'vitest';
import en from '../../../messages/en.json';
import es from '../../../messages/es.json';
import { ALL_CHECKS, CHECK_IDS, occurrenceId, runChecks } from '../../../lib/checks';
import { pairsOf } from './helpers';

const pairs = pairsOf([
  ['Llegaron 15.000 personas y 20 coches.', 'Many people arrived, and many cars.'],
  ['¿Vienes?', '¿Are you coming?'],
]);

describe('runChecks', () => {
  it('sorts findings by paragraph and check, and counts them', () => {
    const report = runChecks({ pairs });
    expect(report.findings.map((f) => [f.paragraph, f.check])).toEqual([
      [0, 'numbers'],
      [0, 'numbers'],
      [1, 'punctuation'],
    ]);
    expect(report.counts.numbers).toEqual({ errors: 2, warnings: 0, ignored: 0 });
    expect(report.unignoredErrors).toBe(3);
    expect(report.paragraphsChecked).toBe(2);
  });

  it('gives each occurrence a key that survives changes elsewhere, numbered when identical', () => {
    const report = runChecks({ pairs: pairsOf([['Dijo 5 y 5.', 'He said it.']]) }, { only: ['numbers'] });
    expect(report.findings.map((f) => f.key)).toEqual([
      'numbers.missing?expected=5&number=5',
      'numbers.missing?expected=5&number=5#2',
    ]);
    const later = runChecks({ pairs: pairsOf([['Dijo 5 y 5.', 'Then he said it.']]) }, { only: ['numbers'] });
    expect(later.findings.map((f) => f.key)).toEqual(report.findings.map((f) => f.key));
  });

  it('marks ignored occurrences and no longer counts them as errors', () => {
    const first = runChecks({ pairs });
    const ignored = new Set([occurrenceId(first.findings[2]!)]);
    const report = runChecks({ pairs }, { ignored });
    expect(report.findings.map((f) => f.ignored)).toEqual([false, false, true]);
    expect(report.unignoredErrors).toBe(2);
    expect(report.counts.punctuation).toEqual({ errors: 0, warnings: 0, ignored: 1 });
  });

  it('runs only the checks asked for', () => {
    expect(runChecks({ pairs }, { only: ['punctuation'] }).findings.map((f) => f.check)).toEqual(['punctuation']);
  });
});

describe('check messages', () => {
  it('every check is registered once, in the order of CHECK_IDS', () => {
    expect(ALL_CHECKS.map((c) => c.id)).toEqual([...CHECK_IDS]);
  });

  it('every message a check emits is in both catalogs, with its parameters', () => {
    const lookup = (catalog: unknown, key: string) =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog);
    for (const check of ALL_CHECKS) {
      for (const [key, params] of Object.entries(check.messages)) {
        for (const [locale, catalog] of [
          ['en', en.checks],
          ['es', es.checks],
        ] as const) {
          const message = lookup(catalog, key);
          expect(typeof message, `${locale}: checks.${key}`).toBe('string');
          for (const param of params)
            expect(message as string, `${locale}: checks.${key} uses {${param}}`).toMatch(
              new RegExp(`\\{${param}[,}]`),
            );
        }
      }
    }
  });

  it('the catalogs name every check', () => {
    for (const id of CHECK_IDS) expect([en.checks.names[id], es.checks.names[id]].every(Boolean)).toBe(true);
  });
});
