import { describe, expect, it } from 'vitest';
import type { CheckFinding } from '../../../components/common/api';
import { termStatus } from '../../../components/editor/term-status';

const entry = { term: 'tribunal', english: ['court'], forbidden: ['tribune'] };
const spans = [{ entry: 0, start: 3, end: 11 }];
const finding = (message: string, start: number, extra: Partial<CheckFinding> = {}): CheckFinding => ({
  check: 'glossary',
  severity: 'error',
  message,
  params: message === 'glossary.forbidden' ? { term: 'tribunal', forbidden: 'tribune' } : { term: 'tribunal' },
  paragraph: 0,
  source: [{ start, end: start + 8 }],
  target: [],
  key: `${message}?#0`,
  ignored: false,
  ...extra,
});
const ready = { hasEnglish: true, checks: 'ready' as const };

describe('termStatus', () => {
  it('says the English uses the term when the glossary check found nothing about it', () => {
    expect(termStatus(entry, spans, [], ready)).toEqual({ kind: 'uses' });
    // A finding about another term of the paragraph is not about this one.
    expect(termStatus(entry, spans, [finding('glossary.missing', 30)], ready)).toEqual({ kind: 'uses' });
  });

  it('reports the required English missing and a forbidden English used, the latter first', () => {
    expect(termStatus(entry, spans, [finding('glossary.missing', 3)], ready)).toEqual({ kind: 'missing' });
    expect(termStatus(entry, spans, [finding('glossary.missing', 3), finding('glossary.forbidden', 3)], ready)).toEqual(
      { kind: 'forbiddenUsed', forbidden: 'tribune' },
    );
  });

  it('says an ignored finding was ignored rather than that the English follows the glossary', () => {
    expect(termStatus(entry, spans, [finding('glossary.missing', 3, { ignored: true })], ready)).toEqual({
      kind: 'ignored',
    });
  });

  it('waits for the checks, and says nothing of an English there is not', () => {
    expect(termStatus(entry, spans, [], { hasEnglish: true, checks: 'loading' })).toEqual({ kind: 'pending' });
    expect(termStatus(entry, spans, [], { hasEnglish: false, checks: 'ready' })).toEqual({ kind: 'noEnglish' });
    expect(termStatus({ ...entry, english: [] }, spans, [], ready)).toEqual({ kind: 'onlyForbidden' });
    // Checks that failed found nothing: that is not "the English uses it".
    expect(termStatus(entry, spans, [], { hasEnglish: true, checks: 'failed' })).toEqual({ kind: 'unchecked' });
  });
});
