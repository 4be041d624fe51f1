/**
 * A bound on Markdown nesting, checked before the Markdown is parsed. remark (micromark and mdast-util-from-markdown)
 * recurses once per level of block quote or list, so `'> '` x 8,000 (16 KB) overflows the stack, and it slows down
 * sharply on deep lists, nested brackets and long runs of emphasis markers (`'['` x 100,000 took minutes). No prose
 * nests that deep, so such a file is refused with the line to fix rather than parsed. What is left (many moderately
 * nested lines) is bounded by the parse's time limit (lib/heavy).
 */

/** Deepest nesting of block quotes and lists read, in levels. */
export const MAX_CONTAINER_DEPTH = 32;
/** Deepest nesting of unclosed brackets or parentheses within one paragraph. */
export const MAX_BRACKET_DEPTH = 64;
/** Longest run of emphasis markers (* or _) beside other text on a line. */
export const MAX_DELIMITER_RUN = 100;

export interface NestingProblem {
  line: number;
  depth: number;
  limit: number;
  what: 'containers' | 'brackets' | 'emphasis';
}

const FENCE = /^\s*(?:[>*+-]\s*|\d{1,9}[.)]\s*)*(```|~~~)/;

/** How many quote and list levels a line opens: markers in its prefix, and its indentation in steps of two. */
function containerDepth(line: string): number {
  let depth = 0;
  let indent = 0;
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') {
      // Only the indentation before the first marker nests (a list under a list); spaces after a marker do not.
      if (depth === 0) indent += line[i] === '\t' ? 4 : 1;
      i += 1;
    }
    const c = line[i];
    if (c === '>') {
      depth += 1;
      i += 1;
      continue;
    }
    if ((c === '-' || c === '*' || c === '+') && (line[i + 1] === ' ' || line[i + 1] === '\t')) {
      depth += 1;
      i += 2;
      continue;
    }
    const ordered = /^\d{1,9}[.)][ \t]/.exec(line.slice(i, i + 12));
    if (ordered) {
      depth += 1;
      i += ordered[0].length;
      continue;
    }
    break;
  }
  // Indentation nests only under a list marker; a plain indented line is a code block or a continuation.
  return depth === 0 ? 0 : depth + Math.floor(indent / 2);
}

/** The first place where a Markdown text nests deeper than the limits above, or null. */
export function findDeepNesting(text: string): NestingProblem | null {
  const lines = text.split('\n');
  let inFence: string | null = null;
  let brackets = 0;
  let parens = 0;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const fence = FENCE.exec(line)?.[1];
    if (fence && (inFence === null || inFence === fence)) {
      inFence = inFence === null ? fence : null;
      continue;
    }
    if (inFence !== null) continue;
    if (line.trim() === '') {
      brackets = 0;
      parens = 0;
      continue;
    }
    const depth = containerDepth(line);
    if (depth > MAX_CONTAINER_DEPTH) return { line: n + 1, depth, limit: MAX_CONTAINER_DEPTH, what: 'containers' };
    let run = 0;
    let runChar = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (c === '\\') {
        i += 1;
        run = 0;
        continue;
      }
      if (c === '*' || c === '_') {
        run = c === runChar ? run + 1 : 1;
        runChar = c;
        if (run > MAX_DELIMITER_RUN && line.replace(/[\s*_-]/g, '') !== '')
          return { line: n + 1, depth: run, limit: MAX_DELIMITER_RUN, what: 'emphasis' };
        continue;
      }
      run = 0;
      runChar = '';
      if (c === '[') brackets += 1;
      else if (c === ']') brackets = Math.max(0, brackets - 1);
      else if (c === '(') parens += 1;
      else if (c === ')') parens = Math.max(0, parens - 1);
      else continue;
      const deepest = Math.max(brackets, parens);
      if (deepest > MAX_BRACKET_DEPTH) return { line: n + 1, depth: deepest, limit: MAX_BRACKET_DEPTH, what: 'brackets' };
    }
  }
  return null;
}

/** The problem in words, for messages and logs. */
export function describeNesting(p: NestingProblem): string {
  const what = { containers: 'quotes or lists', brackets: 'brackets', emphasis: 'emphasis markers' }[p.what];
  const measure = p.what === 'emphasis' ? `a run of ${p.depth}` : `${p.depth} levels deep`;
  return `line ${p.line} has ${what} ${measure}, over the ${p.limit} Paralelo reads; flatten them`;
}
