/**
 * Greedy decoding of a Marian encoder-decoder over its ONNX sessions, for batches of sentences of different lengths.
 *
 * transformers.js' generate() (4.3) pays, at every decoder step, for copying every output of the merged decoder
 * back into JavaScript, the encoder's cross-attention keys and values included, although they never change after
 * the first step; that copy grows with the batch and the source length and ate most of what batching should save.
 * It also decodes a whole batch until its longest member is done. This loop asks the decoder only for the logits
 * and the decoder's own keys and values after the first step, gives each sentence its own budget (the same as a
 * call with that sentence alone), and drops finished sentences from the batch as it goes.
 *
 * Tokens are the ones transformers.js picks for the same model and settings: the most likely token, never a "bad
 * word" (the pad token), and the end-of-sentence token forced at the last step of a budget
 * (tests/unit/mt/decoder/greedy-decode.test.ts compares the two on the generated test model).
 */

import { DecodeCancelled } from './decoder';
import {
  decoderPast,
  present,
  type GreedyModel,
  type MakeTensor,
  type OrtSessionLike,
  type OrtTensorLike,
} from './greedy-model';

/** Rows `keep` of a tensor whose first dimension is the batch. */
function takeRows(tensor: OrtTensorLike, keep: readonly number[], make: MakeTensor): OrtTensorLike {
  const dims = [...tensor.dims];
  const rows = dims[0] ?? 0;
  const data = tensor.data as Float32Array | BigInt64Array;
  const rowSize = rows > 0 ? data.length / rows : 0;
  const Ctor = data.constructor as Float32ArrayConstructor | BigInt64ArrayConstructor;
  const out = new Ctor(keep.length * rowSize);
  keep.forEach((row, i) => out.set(data.subarray(row * rowSize, (row + 1) * rowSize) as never, i * rowSize));
  dims[0] = keep.length;
  return make(tensor.type as 'int64' | 'float32', out, dims);
}

/**
 * Whether to drop the finished rows from a batch of `rows` of which `idle` are done: once a quarter of it is, or when
 * two rows or fewer are still going (copying the caches costs about a step; a finished row costs a row per step).
 */
export function compactBatch(idle: number, rows: number): boolean {
  return idle > 0 && (idle * 4 >= rows || rows - idle <= 2);
}

/**
 * Decoder steps and row-steps ("slots") the loop spends on a batch whose rows each generate exactly their budget
 * (a model that never ends a sentence early, like the random-weight test models): for the benchmarks' accounting.
 */
export function loopCost(budgets: readonly number[]): { steps: number; slots: number } {
  let rows = [...budgets];
  let steps = 0;
  let slots = 0;
  for (let step = 1; rows.length > 0; step++) {
    steps += 1;
    slots += rows.length;
    const live = rows.filter((budget) => budget > step);
    if (live.length === 0) break;
    if (compactBatch(rows.length - live.length, rows.length)) rows = live;
  }
  return { steps, slots };
}

/** How sure the model was of a row's tokens: their natural-log probabilities' mean and minimum (logit-scorer.ts). */
export interface RowScore {
  mean: number;
  min: number;
  /** How many tokens were scored (the row's generated tokens, end-of-sentence included). */
  tokens: number;
}

/** What a decode gives: each row's generated ids, and their scores when asked for. */
export interface Decoded {
  tokens: number[][];
  scores: RowScore[] | null;
}

/** log Σ exp over one row of logits, in double precision, the largest taken out first. */
function logSumExp(logits: Float32Array, offset: number, vocabulary: number): number {
  let max = -Infinity;
  for (let v = 0; v < vocabulary; v++) max = Math.max(max, logits[offset + v]!);
  let sum = 0;
  for (let v = 0; v < vocabulary; v++) sum += Math.exp(logits[offset + v]! - max);
  return max + Math.log(sum);
}

/**
 * Greedy-decodes each input (token ids, end-of-sentence included) with its own budget of new tokens; returns the
 * generated ids of each, the end-of-sentence token last. Finished rows leave the batch once a quarter of it is done
 * (or when two rows or fewer are left), so the decoder never spends long on finished sentences. With `scores`, also
 * each row's mean and minimum token log-probability: the model's sums of exp(logits) come from `model.expSums` when it
 * has them (onnxruntime, about 40 µs a row a step), else from a pass of Math.exp here (about 0.5 ms); without, the loop
 * does no more than it did before scores existed.
 */
export async function greedyDecode(
  model: GreedyModel,
  inputs: readonly (readonly number[])[],
  budgets: readonly number[],
  options: { signal?: AbortSignal; scores?: boolean } = {},
): Promise<Decoded> {
  const { encoder, decoder, cached, shape, tensor } = model;
  const { signal } = options;
  const batch = inputs.length;
  const outputs: number[][] = inputs.map(() => []);
  // Per input: the sum and the minimum of its tokens' log-probabilities, when scores are asked for.
  const logProbSum = options.scores ? new Float64Array(batch) : null;
  const logProbMin = options.scores ? new Float64Array(batch).fill(Infinity) : null;
  const decoded = (): Decoded => ({
    tokens: outputs,
    scores:
      logProbSum && logProbMin
        ? outputs.map((row, i) => ({
            mean: logProbSum[i]! / Math.max(1, row.length),
            min: logProbMin[i]!,
            tokens: row.length,
          }))
        : null,
  });
  if (batch === 0) return decoded();
  const sourceLength = Math.max(1, ...inputs.map((ids) => ids.length));
  const ids = new BigInt64Array(batch * sourceLength).fill(BigInt(shape.padTokenId));
  const mask = new BigInt64Array(batch * sourceLength);
  inputs.forEach((row, b) =>
    row.forEach((id, i) => {
      ids[b * sourceLength + i] = BigInt(id);
      mask[b * sourceLength + i] = 1n;
    }),
  );
  let attention = tensor('int64', mask, [batch, sourceLength]);
  const encoded = await encoder.run(
    { input_ids: tensor('int64', ids, [batch, sourceLength]), attention_mask: attention },
    ['last_hidden_state'],
  );
  let hidden = encoded.last_hidden_state!;

  const past: Record<string, OrtTensorLike> = {};
  const empty = new Float32Array(0);
  for (let l = 0; l < shape.layers; l++) {
    for (const part of ['decoder', 'encoder'] as const) {
      for (const kv of ['key', 'value'] as const) {
        past[decoderPast(l, part, kv)] = tensor('float32', empty, [batch, shape.heads, 0, shape.headDim]);
      }
    }
  }
  const stepFetches = ['logits'];
  for (let l = 0; l < shape.layers; l++) stepFetches.push(present(l, 'decoder', 'key'), present(l, 'decoder', 'value'));
  const bad = new Set(shape.badTokenIds);
  // Looked up once, not at every step: whether each decoder takes the encoder's output as an input.
  const takesHidden = new Map<OrtSessionLike, boolean>(
    [decoder, cached]
      .filter((s): s is OrtSessionLike => s !== undefined)
      .map((s) => [s, s.inputNames.includes('encoder_hidden_states')]),
  );

  // rows[i] = which input the i-th row of the live batch is.
  let rows = inputs.map((_, b) => b);
  const finished = new Set<number>();
  let next = new BigInt64Array(batch).fill(BigInt(shape.decoderStartTokenId));
  for (let step = 0; ; step++) {
    if (signal?.aborted) throw new DecodeCancelled('cancelled');
    const first = step === 0;
    const session = first || !cached ? decoder : cached;
    const feeds: Record<string, OrtTensorLike> = {
      input_ids: tensor('int64', next, [rows.length, 1]),
      encoder_attention_mask: attention,
      ...past,
    };
    if (takesHidden.get(session)) feeds.encoder_hidden_states = hidden;
    if (session === decoder) feeds.use_cache_branch = tensor('bool', [!first], [1]);
    const out = await session.run(feeds, first ? decoder.outputNames : stepFetches);
    for (let l = 0; l < shape.layers; l++) {
      for (const kv of ['key', 'value'] as const) {
        past[decoderPast(l, 'decoder', kv)] = out[present(l, 'decoder', kv)]!;
        // The cross-attention keys and values are computed once, at the first step.
        if (first) past[decoderPast(l, 'encoder', kv)] = out[present(l, 'encoder', kv)]!;
      }
    }
    const logits = out.logits!.data as Float32Array;
    const vocabulary = logits.length / rows.length;
    // Before the banned tokens' logits are overwritten below: the distribution is the model's own.
    const expSums = logProbSum && model.expSums ? await model.expSums(out.logits!) : null;
    rows.forEach((input, r) => {
      if (finished.has(input)) return; // riding along until the batch is compacted: its output is discarded
      const generated = outputs[input]!;
      const offset = r * vocabulary;
      let logNormalizer = 0;
      if (logProbSum) {
        const sum = expSums?.[r];
        // A sum that overflowed or vanished in float32 is done again here, in double precision.
        logNormalizer =
          sum !== undefined && Number.isFinite(sum) && sum > 0 ? Math.log(sum) : logSumExp(logits, offset, vocabulary);
      }
      let token = shape.eosTokenId; // the budget's last token: transformers.js forces the end of the sentence
      let logit = logits[offset + token]!;
      if (generated.length + 1 < budgets[input]!) {
        for (const id of bad) if (id < vocabulary) logits[offset + id] = -Infinity;
        let bestScore = -Infinity;
        for (let v = 0; v < vocabulary; v++) {
          const score = logits[offset + v]!;
          if (score > bestScore) {
            bestScore = score;
            token = v;
          }
        }
        logit = bestScore;
      }
      if (logProbSum && logProbMin) {
        const logProb = logit - logNormalizer;
        logProbSum[input] = logProbSum[input]! + logProb;
        logProbMin[input] = Math.min(logProbMin[input]!, logProb);
      }
      generated.push(token);
      if (token === shape.eosTokenId) finished.add(input);
    });
    const live = rows.map((_, r) => r).filter((r) => !finished.has(rows[r]!));
    if (live.length === 0) break;
    if (compactBatch(rows.length - live.length, rows.length)) {
      // Drop the finished rows from everything that has a batch dimension.
      for (const name of Object.keys(past)) past[name] = takeRows(past[name]!, live, tensor);
      attention = takeRows(attention, live, tensor);
      hidden = takeRows(hidden, live, tensor);
      rows = live.map((r) => rows[r]!);
    }
    next = BigInt64Array.from(rows, (input) =>
      finished.has(input) ? BigInt(shape.padTokenId) : BigInt(outputs[input]!.at(-1)!),
    );
  }
  return decoded();
}
