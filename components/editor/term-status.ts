import type { CheckFinding } from '@/components/common/api';
import type { PageTermEntry, PageTermSpan } from '@/lib/documents/page-terms';

/** Whether a paragraph's saved English follows the glossary for one term, as the glossary check found. */
export type TermStatus =
  | { kind: 'noEnglish' }
  | { kind: 'pending' }
  | { kind: 'unchecked' }
  | { kind: 'uses' }
  | { kind: 'onlyForbidden' }
  | { kind: 'missing' }
  | { kind: 'forbiddenUsed'; forbidden: string }
  | { kind: 'ignored' };

/**
 * The status of a term from the glossary check's findings on the paragraph (that check and this page match the
 * Spanish with the same matcher, so a finding about the term points at the term's own spans): a forbidden English
 * used, the required English missing, or neither.
 */
export function termStatus(
  entry: PageTermEntry,
  spans: readonly PageTermSpan[],
  findings: readonly CheckFinding[],
  state: { hasEnglish: boolean; checks: 'loading' | 'ready' | 'failed' },
): TermStatus {
  if (!state.hasEnglish) return { kind: 'noEnglish' };
  if (state.checks === 'loading') return { kind: 'pending' };
  if (state.checks === 'failed') return { kind: 'unchecked' };
  const starts = new Set(spans.map((s) => s.start));
  const about = findings.filter((f) => f.check === 'glossary' && f.source.some((s) => starts.has(s.start)));
  const forbidden = about.find((f) => f.message === 'glossary.forbidden');
  const missing = about.find((f) => f.message === 'glossary.missing');
  const found = forbidden ?? missing;
  if (found?.ignored) return { kind: 'ignored' };
  if (forbidden) return { kind: 'forbiddenUsed', forbidden: String(forbidden.params.forbidden ?? '') };
  if (missing) return { kind: 'missing' };
  return entry.english.length > 0 ? { kind: 'uses' } : { kind: 'onlyForbidden' };
}
