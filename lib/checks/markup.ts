/**
 * URLs, e-mail addresses, @handles, #tags, inline code, link targets, HTML tags and Markdown emphasis: each must be
 * in the English exactly as in the Spanish, as many times.
 */
import { type Check, type PreparedPair, type RawFinding, perPair } from './check';
import type { ProtectedToken } from './protected-tokens';

const MESSAGES = {
  'markup.missing': ['kind', 'token'],
  'markup.added': ['kind', 'token'],
} as const;

const keyOf = (t: ProtectedToken) => `${t.kind}\u0000${t.text}`;

/** Tokens of `from` with no counterpart left in `against` (a multiset difference, in text order). */
function unmatched(from: readonly ProtectedToken[], against: readonly ProtectedToken[]): ProtectedToken[] {
  const available = new Map<string, number>();
  for (const t of against) available.set(keyOf(t), (available.get(keyOf(t)) ?? 0) + 1);
  return from.filter((t) => {
    const left = available.get(keyOf(t)) ?? 0;
    if (left > 0) available.set(keyOf(t), left - 1);
    return left === 0;
  });
}

function checkMarkup(pair: PreparedPair): RawFinding[] {
  const { source, target } = pair.protectedTokens();
  if (source.length === 0 && target.length === 0) return [];
  const base = { check: 'markup' as const, paragraph: pair.index };
  const missing = unmatched(source, target).map<RawFinding>((t) => ({
    ...base,
    severity: 'error',
    message: 'markup.missing',
    params: { kind: t.kind, token: t.text },
    source: [t.span],
    target: [],
  }));
  const added = unmatched(target, source).map<RawFinding>((t) => ({
    ...base,
    // An emphasis mark or a tag the English adds is a warning; a URL or an address it invents is as bad as one lost.
    severity: t.kind === 'emphasis' || t.kind === 'html' ? 'warning' : 'error',
    message: 'markup.added',
    params: { kind: t.kind, token: t.text },
    source: [],
    target: [t.span],
  }));
  return [...missing, ...added];
}

/** Protected tokens of the Spanish missing from the English, or added to it. */
export const markupCheck: Check = { id: 'markup', messages: MESSAGES, ...perPair(checkMarkup) };
