/** Measures a text in the model's units (tokens, including the end-of-sentence token). */
export type Measure = (text: string) => number;

/** One piece of a split input; `joiner` goes between the previous piece's output and this one's. */
export interface Piece {
  text: string;
  joiner: '' | ' ';
}

// C0 controls except tab and newline, DEL and C1 controls: invisible to readers, but they become
// <unk> tokens or confuse the tokenizer's normalizer, so they never reach the model.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_RE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Removes control characters (C0/C1 except tab and newline) and trims the ends. */
export function sanitizeForModel(text: string): string {
  return text.replace(CONTROL_RE, '').trim();
}

/** Upper bound of tokens from characters: every token covers at least one character, plus the end token. */
export const measureByChars: Measure = (text) => Array.from(text).length + 1;

/** max_new_tokens for an input of n tokens: about twice the input plus slack, within the model's positions. */
export function maxNewTokensFor(inputTokens: number, maxPositions: number): number {
  // The decoder also spends one position on its start token.
  return Math.max(1, Math.min(2 * inputTokens + 16, maxPositions - 1));
}

/** Largest input (in tokens) whose generous output budget (2n + 16) still fits in the model's positions. */
export function inputLimitFor(maxPositions: number, modelMaxLength: number = Infinity): number {
  return Math.max(8, Math.min(Math.floor((maxPositions - 1 - 16) / 2), modelMaxLength));
}

// Split points, best first: after sentence-internal punctuation followed by space, then any whitespace.
const PUNCT_BREAK_RE = /[;:,\u2014\u2013)\]»”]\s+/g;
const SPACE_BREAK_RE = /\s+/g;

/** Offsets just after each separator match (the start of the next piece). */
function breakOffsets(text: string, re: RegExp): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(re)) {
    const end = (m.index ?? 0) + m[0].length;
    if (end > 0 && end < text.length) out.push(end);
  }
  return out;
}

/** Largest candidate whose prefix fits, by binary search (prefix size grows with the offset). */
function largestFitting(text: string, candidates: number[], limit: number, measure: Measure): number | null {
  let lo = 0;
  let hi = candidates.length - 1;
  let best: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = candidates[mid]!;
    if (measure(text.slice(0, at).trim()) <= limit) {
      best = at;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

/** Longest prefix (in code points) that fits; at least one code point so progress is always made. */
function hardCut(text: string, limit: number, measure: Measure): number {
  const points = Array.from(text);
  let lo = 1;
  let hi = points.length;
  let best = 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (measure(points.slice(0, mid).join('')) <= limit) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return points.slice(0, best).join('').length;
}

/**
 * Splits a text into pieces that each measure at most `limit`: at sentence-internal punctuation
 * (; : , dashes, closing brackets) first, then at whitespace, then a hard cut for runs without spaces.
 */
export function splitLong(text: string, limit: number, measure: Measure): Piece[] {
  return [...splitPieces(text, limit, measure)];
}

/**
 * splitLong one piece at a time (the engine yields to the event loop and checks for cancellation between them). Only a
 * window of what is left is ever measured or scanned: a piece of `limit` tokens spans a few characters a token, so the
 * window starts at 8 a token and doubles while it still fits. The best cut of a window that does not fit lies inside
 * it (a longer prefix never measures less), so each piece costs the same whether a million characters follow or none:
 * measuring every prefix of the rest made a 5 MB paragraph quadratic (issue 15, probe 4).
 */
export function* splitPieces(text: string, limit: number, measure: Measure): Generator<Piece> {
  let rest = text.trim();
  let joiner: Piece['joiner'] = '';
  let span = Math.max(64, limit * 8);
  while (rest.length > 0) {
    let window = rest.slice(0, span);
    let fits = measure(window) <= limit;
    while (fits && window.length < rest.length) {
      span *= 2;
      window = rest.slice(0, span);
      fits = measure(window) <= limit;
    }
    if (fits) {
      yield { text: rest, joiner };
      return;
    }
    let cut = largestFitting(window, breakOffsets(window, PUNCT_BREAK_RE), limit, measure);
    cut ??= largestFitting(window, breakOffsets(window, SPACE_BREAK_RE), limit, measure);
    let nextJoiner: Piece['joiner'] = ' ';
    if (cut === null) {
      // A run without usable spaces (a URL, a long compound, garbage): cut it where it stops fitting.
      const firstSpace = window.search(/\s/);
      const head = firstSpace > 0 ? window.slice(0, firstSpace) : window;
      cut = hardCut(head, limit, measure);
      nextJoiner = cut < head.length ? '' : ' ';
    }
    const piece = rest.slice(0, cut).trim();
    if (piece.length > 0) yield { text: piece, joiner };
    rest = rest.slice(cut).trim();
    joiner = nextJoiner;
  }
}

/** Joins the outputs of a split input back into one text. */
export function joinPieces(pieces: readonly Piece[], outputs: readonly string[]): string {
  let out = '';
  pieces.forEach((piece, i) => {
    const text = (outputs[i] ?? '').trim();
    if (text.length === 0) return;
    out += out.length === 0 ? text : piece.joiner + text;
  });
  return out;
}
