/**
 * Which sentence read aloud comes next: within a paragraph, across the paragraphs of a page and on to the next page
 * of a book. Pure, so every turn (an empty paragraph, English not translated yet, the end of a page) is unit-tested
 * without a browser.
 */

export type ReadSide = 'es' | 'en';

/**
 * One paragraph of the page as read aloud: its sentences in each language (the spans the reader shows, by index).
 * `en` is null while the paragraph has no English yet.
 */
export type SpeakableParagraph = { index: number; es: readonly string[]; en: readonly string[] | null };

export type ReadPosition = { paragraph: number; sentence: number };

/** A paragraph alone, or on from it to the end of the document. */
export type ReadScope = 'paragraph' | 'onward';

export type ReadContext = {
  /** The paragraphs of this page, in reading order (among those to review, with gaps). */
  page: readonly SpeakableParagraph[];
  side: ReadSide;
  scope: ReadScope;
  /** Paragraphs in the whole document. */
  total: number;
  /** Whether the reader may turn to the next page (false among the paragraphs to review, which pages otherwise). */
  pageable: boolean;
  /** Whether English still missing may yet come (the translation job is running): then reading waits for it. */
  pending: boolean;
};

export type ReadStep =
  | { kind: 'sentence'; at: ReadPosition; text: string }
  /** The English of this paragraph is on its way: read it when it comes. */
  | { kind: 'wait'; paragraph: number }
  /** The page is read: go on at this paragraph, the first of the next page. */
  | { kind: 'next-page'; paragraph: number }
  | { kind: 'end' };

const speakable = (text: string | undefined) => text !== undefined && /[\p{L}\p{N}]/u.test(text);

/** The first step at or after `from` (that sentence itself when it has words to say). */
export function stepFrom(ctx: ReadContext, from: ReadPosition): ReadStep {
  const start = ctx.page.findIndex((p) => p.index === from.paragraph);
  if (start < 0) return { kind: 'end' };
  for (let i = start; i < ctx.page.length; i++) {
    const paragraph = ctx.page[i]!;
    if (i > start && ctx.scope === 'paragraph') return { kind: 'end' };
    const sentences = paragraph[ctx.side];
    if (sentences === null) {
      if (ctx.pending) return { kind: 'wait', paragraph: paragraph.index };
      continue;
    }
    for (let s = i === start ? Math.max(0, from.sentence) : 0; s < sentences.length; s++)
      if (speakable(sentences[s]))
        return { kind: 'sentence', at: { paragraph: paragraph.index, sentence: s }, text: sentences[s]! };
  }
  if (ctx.scope === 'paragraph') return { kind: 'end' };
  const last = ctx.page.at(-1);
  if (ctx.pageable && last && last.index + 1 < ctx.total) return { kind: 'next-page', paragraph: last.index + 1 };
  return { kind: 'end' };
}

/** The step after the sentence just read. */
export function stepAfter(ctx: ReadContext, current: ReadPosition): ReadStep {
  return stepFrom(ctx, { paragraph: current.paragraph, sentence: current.sentence + 1 });
}

/** Speeds offered, as SpeechSynthesisUtterance.rate (1 is the voice's normal pace). */
export const READ_RATES = [0.75, 1, 1.25, 1.5, 2] as const;
export const DEFAULT_RATE = 1;

/** A rate from an untrusted string (storage, a form); anything not offered is the normal pace. */
export function parseRate(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return (READ_RATES as readonly unknown[]).includes(n) ? (n as number) : DEFAULT_RATE;
}

/** One step faster (+1) or slower (-1) among the rates offered, stopping at either end. */
export function shiftRate(rate: number, by: 1 | -1): number {
  const at = READ_RATES.indexOf(parseRate(rate) as (typeof READ_RATES)[number]);
  return READ_RATES[Math.min(READ_RATES.length - 1, Math.max(0, at + by))]!;
}
