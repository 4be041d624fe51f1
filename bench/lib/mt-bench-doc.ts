/**
 * Pure helpers of bench/bench-mt.ts: the seeded document, the batches the engine will form (mirrored from
 * lib/mt's rules, for the padding analysis) and small number formatting. No model, no I/O.
 */
import type { JobDocument } from '../../lib/documents/translation-job';
import { planWindow, windowLimit } from '../../lib/documents/translation-job-plan';
import { enginePolicy, planBatches } from '../../lib/mt/translate/batching';
import { loopCost } from '../../lib/mt/decoder/greedy-decode';
import { maxNewTokensFor } from '../../lib/mt/translate/split-long';
import { normalizeSentenceKey } from '../../lib/text/normalize';
import { mulberry32 } from '../../tests/helpers/tiny-model/prng';

/** mulberry32: a tiny deterministic PRNG in [0, 1) (the test-model generator's). */
export const seededRandom = mulberry32;

/**
 * Groups sentences, in order, into paragraphs of 3 to 8 sentences (sizes drawn from the seed). The last
 * paragraph also has at least 3 whenever the input has 3 or more sentences.
 */
export function groupIntoParagraphs(sentences: readonly string[], seed: number, min = 3, max = 8): string[][] {
  const rand = seededRandom(seed);
  const out: string[][] = [];
  let i = 0;
  while (i < sentences.length) {
    const rest = sentences.length - i;
    let size = min + Math.floor(rand() * (max - min + 1));
    if (size >= rest) size = rest;
    else if (rest - size < min) size = rest <= max ? rest : rest - min;
    out.push(sentences.slice(i, i + size));
    i += size;
  }
  return out;
}

export function makeDocument(slug: string, paragraphs: readonly string[][]): JobDocument {
  return { slug, paragraphs: paragraphs.map((sentences, index) => ({ index, sentences })) };
}

/** One model call as the engine will make it: its inputs' token counts, their own budgets and the longest. */
export interface PlannedBatch {
  window: number;
  inputTokens: number[];
  /** Each input's own max_new_tokens (the engine's greedy loop decodes each up to its own). */
  budgets: number[];
  maxNewTokens: number;
}

/**
 * The model calls the document path makes on an empty cache, derived from the same rules: the job's windows
 * (planWindow: first paragraph alone, then whole paragraphs up to windowLimit's distinct keys, growing to
 * `windowSentences`), then inside
 * each engine call a stable sort by input tokens and lib/mt's planBatches (similar lengths, at most `batchSize`), each generating up to
 * maxNewTokensFor(its longest input). Assumes no input needs splitting (the caller checks).
 */
export function planDocumentBatches(
  doc: JobDocument,
  measure: (text: string) => number,
  options: { batchSize: number; windowSentences: number; maxPositions: number; threads?: number },
): PlannedBatch[] {
  const keysOf = doc.paragraphs.map((p) => p.sentences.map(normalizeSentenceKey));
  const done = new Set<string>(['']);
  let queue = doc.paragraphs.map((_, position) => position);
  const batches: PlannedBatch[] = [];
  let window = 0;
  while (queue.length > 0) {
    const plan = planWindow(queue, (p) => (keysOf[p] ?? []).filter((k) => !done.has(k)), {
      maxSentences: windowLimit(window, options.windowSentences),
      first: window === 0,
    });
    const taken = new Set(plan.positions);
    queue = queue.filter((p) => !taken.has(p));
    for (const k of plan.keys) done.add(k);
    // Later paragraphs whose sentences are all known now need no call (mirrors the job's flushComplete).
    queue = queue.filter((p) => !(keysOf[p] ?? []).every((k) => done.has(k)));
    const tokens = plan.keys.map(measure).sort((a, b) => a - b);
    // The first window asks for latency: one batch whatever the lengths (TranslateOptions.priority).
    for (const [start, end] of planBatches(
      tokens,
      options.maxPositions,
      enginePolicy(options.batchSize, options.threads ?? 1, window === 0),
    )) {
      const inputTokens = tokens.slice(start, end);
      const longest = Math.max(...inputTokens);
      batches.push({
        window,
        inputTokens,
        budgets: inputTokens.map((n) => maxNewTokensFor(n, options.maxPositions)),
        maxNewTokens: maxNewTokensFor(longest, options.maxPositions),
      });
    }
    window += 1;
  }
  return batches;
}

/**
 * Decoder slots a set of batches pays for versus what each input would need alone. With the engine's greedy loop
 * (`loop`), rows leave a batch as lib/mt/decoder/greedy-decode.ts's loopCost says; with transformers.js' generate(), every
 * row decodes until the batch's longest budget.
 */
export function paddingSummary(batches: readonly PlannedBatch[], options: { loop: boolean }) {
  let slots = 0;
  let needed = 0;
  let steps = 0;
  for (const b of batches) {
    const cost = options.loop
      ? loopCost(b.budgets)
      : { steps: b.maxNewTokens, slots: b.maxNewTokens * b.budgets.length };
    slots += cost.slots;
    steps += cost.steps;
    for (const budget of b.budgets) needed += budget;
  }
  const sizes = batches.map((b) => b.inputTokens.length);
  const meanBatch = sizes.length > 0 ? sizes.reduce((a, b) => a + b, 0) / sizes.length : 0;
  return {
    calls: batches.length,
    meanBatch,
    fullBatches: sizes,
    decoderSteps: steps,
    slots,
    needed,
    waste: slots > 0 ? 1 - needed / slots : 0,
  };
}

export function fmt(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function seconds(ms: number | null | undefined, digits = 2): string {
  return ms === null || ms === undefined ? 'n/a' : `${fmt(ms / 1000, digits)} s`;
}

export function mib(bytes: number): string {
  return `${fmt(bytes / (1024 * 1024), 0)} MiB`;
}

/** A plain text table: first column left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
