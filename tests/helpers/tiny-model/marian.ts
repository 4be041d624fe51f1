/**
 * ONNX graphs of a MarianMT encoder and merged decoder with the same input/output contract as the
 * Optimum export published as Xenova/opus-mt-es-en, so transformers.js drives them exactly like
 * the real model (including the KV cache and the use_cache_branch switch).
 */
import { attr, bytesOf, GraphBuilder, valueInfo } from './onnx-writer';
import { fillNormal } from './prng';
import type { MarianPreset } from './index';

/**
 * Standard deviations of the random weights, tuned on the tiny preset (fan-in 32) and rescaled by
 * fan-in for others so activations keep the same statistics. Tuned, not arbitrary: with small
 * weights every input decodes to the same tokens; with large attention/embedding weights the tied
 * output layer just repeats the previous token or one saturated cross-attention position. These
 * give varied token sequences that depend on the input, the position and the history.
 */
const TUNED_FAN_IN = 32;
const TUNED_FFN_FAN_IN = 64;
const STD = { ffn: 0.5, embedding: 0.2, queryKey: 0.3, attentionValue: 0.1, logitsBias: 0.5 };
const BIAS_STD = 0.1;
const MASK_NEG = -1e9;

function stdFor(name: string, fanIn: number): number {
  let base = STD.ffn;
  if (name.startsWith('model.shared')) base = STD.embedding;
  else if (name.includes('q_proj') || name.includes('k_proj')) base = STD.queryKey;
  else if (name.includes('attn')) base = STD.attentionValue;
  return base * Math.sqrt((name.includes('.fc2') ? TUNED_FFN_FAN_IN : TUNED_FAN_IN) / fanIn);
}

interface Ctx {
  preset: MarianPreset;
  seed: number;
  quantized: boolean;
  /** Per-tensor int8 scales, found while the weight is written and read by the scale initializer after it. */
  scales: Map<string, number>;
}

function normal(ctx: Ctx, name: string, numel: number, std: number): Float32Array {
  return fillNormal(new Float32Array(numel), ctx.seed, name, std);
}

/** Symmetric per-tensor int8, as onnxruntime's quantize_dynamic does for QInt8 weights. */
function quantize(values: Float32Array): { q: Int8Array; scale: number } {
  let maxAbs = 0;
  for (let i = 0; i < values.length; i++) maxAbs = Math.max(maxAbs, Math.abs(values[i] as number));
  const scale = maxAbs > 0 ? maxAbs / 127 : 1;
  const q = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++)
    q[i] = Math.max(-127, Math.min(127, Math.round((values[i] as number) / scale)));
  return { q, scale };
}

function scaleOf(ctx: Ctx, name: string, recompute: () => number): number {
  const s = ctx.scales.get(name);
  return s ?? recompute();
}

/** fp32 initializer filled from the PRNG stream `name`, optionally shifted (LayerNorm gammas sit near 1). */
function randomFloat(g: GraphBuilder, ctx: Ctx, name: string, dims: number[], std: number, offset = 0): string {
  const numel = dims.reduce((a, b) => a * b, 1);
  return g.addInitializer({
    name,
    dtype: 'float',
    dims,
    produce: () => {
      const v = normal(ctx, name, numel, std);
      if (offset !== 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) + offset;
      return bytesOf(v);
    },
  });
}

/** int8 weight + scale + zero point initializers for the PRNG stream `name`. */
function randomInt8(
  g: GraphBuilder,
  ctx: Ctx,
  name: string,
  dims: number[],
  fanIn: number,
  transposeOf?: [number, number],
): { q: string; scale: string; zeroPoint: string } {
  const numel = dims.reduce((a, b) => a * b, 1);
  const compute = (): { q: Int8Array; scale: number } => {
    const { q, scale } = quantize(normal(ctx, name, numel, stdFor(name, fanIn)));
    ctx.scales.set(name, scale);
    if (!transposeOf) return { q, scale };
    // The stream is laid out [rows, cols]; the initializer wants [cols, rows].
    const [rows, cols] = transposeOf;
    const t = new Int8Array(numel);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = q[r * cols + c] as number;
    return { q: t, scale };
  };
  const suffix = transposeOf ? '_transposed' : '';
  const q = g.addInitializer({
    name: `${name}${suffix}_quantized`,
    dtype: 'int8',
    dims,
    produce: () => bytesOf(compute().q),
  });
  const scale = g.addInitializer({
    name: `${name}${suffix}_scale`,
    dtype: 'float',
    dims: [],
    produce: () => bytesOf(Float32Array.of(scaleOf(ctx, name, () => compute().scale))),
  });
  const zeroPoint = g.addInitializer({
    name: `${name}${suffix}_zero_point`,
    dtype: 'int8',
    dims: [],
    produce: () => bytesOf(Int8Array.of(0)),
  });
  return { q, scale, zeroPoint };
}

function sinusoidalPositions(maxPositions: number, d: number): Float32Array {
  // Marian's static embedding: first half sin, second half cos (not interleaved).
  const out = new Float32Array(maxPositions * d);
  const half = d / 2;
  for (let pos = 0; pos < maxPositions; pos++) {
    for (let j = 0; j < half; j++) {
      const angle = pos / Math.pow(10000, (2 * j) / d);
      out[pos * d + j] = Math.sin(angle);
      out[pos * d + half + j] = Math.cos(angle);
    }
  }
  return out;
}

class Layers {
  /** DynamicQuantizeLinear outputs per activation, shared by the projections that read it (as quantize_dynamic does). */
  private quantizedInputs = new Map<string, [string, string, string]>();

  constructor(
    readonly g: GraphBuilder,
    readonly ctx: Ctx,
  ) {}

  private get p(): MarianPreset {
    return this.ctx.preset;
  }

  linear(x: string, name: string, inDim: number, outDim: number): string {
    const { g, ctx } = this;
    const bias = randomFloat(g, ctx, `${name}.bias`, [outDim], BIAS_STD);
    if (!ctx.quantized) {
      const w = randomFloat(g, ctx, `${name}.weight`, [inDim, outDim], stdFor(name, inDim));
      return g.op('Add', [g.op('MatMul', [x, w]), bias]);
    }
    const w = randomInt8(g, ctx, `${name}.weight`, [inDim, outDim], inDim);
    return g.op('Add', [this.integerMatMul(x, w), bias]);
  }

  /** The dynamic-quantization pattern onnxruntime fuses into DynamicQuantizeMatMul. */
  integerMatMul(x: string, w: { q: string; scale: string; zeroPoint: string }): string {
    const g = this.g;
    let xq = this.quantizedInputs.get(x);
    if (!xq) {
      xq = g.node('DynamicQuantizeLinear', [x], 3) as [string, string, string];
      this.quantizedInputs.set(x, xq);
    }
    const [xQuant, xScale, xZero] = xq;
    const acc = g.op('MatMulInteger', [xQuant, w.q, xZero, w.zeroPoint]);
    const accF = g.op('Cast', [acc], [attr.i('to', 1)]);
    const scale = g.op('Mul', [xScale, w.scale]);
    return g.op('Mul', [accF, scale]);
  }

  layerNorm(x: string, name: string): string {
    const { g, ctx } = this;
    const d = this.p.dModel;
    const gamma = randomFloat(g, ctx, `${name}.weight`, [d], BIAS_STD, 1);
    const beta = randomFloat(g, ctx, `${name}.bias`, [d], BIAS_STD);
    return g.op('LayerNormalization', [x, gamma, beta], [attr.i('axis', -1), attr.f('epsilon', 1e-5)]);
  }

  /** [B, T, d] → [B, H, T, hd] */
  splitHeads(x: string): string {
    const g = this.g;
    const shape = g.constant('int64', [0, 0, this.p.heads, this.p.dModel / this.p.heads]);
    return g.op('Transpose', [g.op('Reshape', [x, shape])], [attr.ints('perm', [0, 2, 1, 3])]);
  }

  /** Scaled dot-product attention over heads, merged back to [B, T, d]. */
  attend(q: string, k: string, v: string, bias: string): string {
    const g = this.g;
    const hd = this.p.dModel / this.p.heads;
    const qs = g.op('Mul', [q, g.scalar(1 / Math.sqrt(hd))]);
    const kt = g.op('Transpose', [k], [attr.ints('perm', [0, 1, 3, 2])]);
    const scores = g.op('Add', [g.op('MatMul', [qs, kt]), bias]);
    const probs = g.op('Softmax', [scores], [attr.i('axis', -1)]);
    const ctxv = g.op('Transpose', [g.op('MatMul', [probs, v])], [attr.ints('perm', [0, 2, 1, 3])]);
    return g.op('Reshape', [ctxv, g.constant('int64', [0, 0, this.p.dModel])]);
  }

  ffn(x: string, prefix: string): string {
    const g = this.g;
    const h = this.linear(x, `${prefix}.fc1`, this.p.dModel, this.p.ffnDim);
    const swish = g.op('Mul', [h, g.op('Sigmoid', [h])]);
    return this.linear(swish, `${prefix}.fc2`, this.p.ffnDim, this.p.dModel);
  }

  /** attention_mask [B, S] (int64, 1 = token) → additive bias [B, 1, 1, S]. */
  paddingBias(mask: string): string {
    const g = this.g;
    const m = g.op('Cast', [mask], [attr.i('to', 1)]);
    const bias = g.op('Mul', [g.op('Sub', [m, g.scalar(1)]), g.scalar(-MASK_NEG)]);
    return g.op('Unsqueeze', [bias, g.constant('int64', [1, 2])]);
  }

  /** Token embedding × sqrt(d) plus sinusoidal positions [start, start + T). */
  embed(inputIds: string, positionsName: string, start: string | null): string {
    const { g, ctx } = this;
    const { vocabSize: V, dModel: d, maxPositions } = this.p;
    let tokens: string;
    if (!ctx.quantized) {
      const table = g.addInitializer({
        name: 'model.shared.weight',
        dtype: 'float',
        dims: [V, d],
        produce: () => bytesOf(normal(ctx, 'model.shared.weight', V * d, stdFor('model.shared.weight', d))),
      });
      tokens = g.op('Gather', [table, inputIds]);
    } else {
      const w = randomInt8(g, ctx, 'model.shared.weight', [V, d], d);
      tokens = g.op('DequantizeLinear', [g.op('Gather', [w.q, inputIds]), w.scale, w.zeroPoint]);
    }
    const scaled = g.op('Mul', [tokens, g.scalar(Math.sqrt(d))]);

    const positions = g.addInitializer({
      name: positionsName,
      dtype: 'float',
      dims: [maxPositions, d],
      produce: () => bytesOf(sinusoidalPositions(maxPositions, d)),
    });
    const length = g.op('Shape', [inputIds], [attr.i('start', 1), attr.i('end', 2)]);
    const from = start ?? g.constant('int64', [0]);
    const to = start ? g.op('Add', [start, length]) : length;
    const pos = g.op('Slice', [positions, from, to, g.constant('int64', [0])]);
    return g.op('Add', [scaled, pos]);
  }
}

function buildEncoder(ctx: Ctx): GraphBuilder {
  const p = ctx.preset;
  const g = new GraphBuilder('marian_encoder');
  g.inputs.push(
    valueInfo('input_ids', 'int64', ['batch_size', 'encoder_sequence_length']),
    valueInfo('attention_mask', 'int64', ['batch_size', 'encoder_sequence_length']),
  );
  g.outputs.push(valueInfo('last_hidden_state', 'float', ['batch_size', 'encoder_sequence_length', p.dModel]));
  const L = new Layers(g, ctx);

  let x = L.embed('input_ids', 'model.encoder.embed_positions.weight', null);
  const bias = L.paddingBias('attention_mask');
  for (let i = 0; i < p.encoderLayers; i++) {
    const pre = `model.encoder.layers.${i}`;
    const q = L.splitHeads(L.linear(x, `${pre}.self_attn.q_proj`, p.dModel, p.dModel));
    const k = L.splitHeads(L.linear(x, `${pre}.self_attn.k_proj`, p.dModel, p.dModel));
    const v = L.splitHeads(L.linear(x, `${pre}.self_attn.v_proj`, p.dModel, p.dModel));
    const attn = L.linear(L.attend(q, k, v, bias), `${pre}.self_attn.out_proj`, p.dModel, p.dModel);
    x = L.layerNorm(g.op('Add', [x, attn]), `${pre}.self_attn_layer_norm`);
    x = L.layerNorm(g.op('Add', [x, L.ffn(x, pre)]), `${pre}.final_layer_norm`);
  }
  g.op('Identity', [x], [], 'last_hidden_state');
  return g;
}

function buildDecoder(ctx: Ctx): GraphBuilder {
  const p = ctx.preset;
  const hd = p.dModel / p.heads;
  const g = new GraphBuilder('marian_decoder_merged');
  g.inputs.push(
    valueInfo('encoder_attention_mask', 'int64', ['batch_size', 'encoder_sequence_length']),
    valueInfo('input_ids', 'int64', ['batch_size', 'decoder_sequence_length']),
    valueInfo('encoder_hidden_states', 'float', ['batch_size', 'encoder_sequence_length', p.dModel]),
  );
  g.outputs.push(valueInfo('logits', 'float', ['batch_size', 'decoder_sequence_length', p.vocabSize]));
  // Head count and head size must be concrete: transformers.js builds the empty first-step cache
  // from these shapes, resolving batch_size and zeroing every other symbolic dim.
  for (let i = 0; i < p.decoderLayers; i++) {
    for (const kind of ['decoder', 'encoder'] as const) {
      const past = kind === 'decoder' ? 'past_decoder_sequence_length' : 'encoder_sequence_length_out';
      const present = kind === 'decoder' ? 'past_decoder_sequence_length + 1' : 'encoder_sequence_length_out';
      for (const kv of ['key', 'value']) {
        g.inputs.push(valueInfo(`past_key_values.${i}.${kind}.${kv}`, 'float', ['batch_size', p.heads, past, hd]));
        g.outputs.push(valueInfo(`present.${i}.${kind}.${kv}`, 'float', ['batch_size', p.heads, present, hd]));
      }
    }
  }
  g.inputs.push(valueInfo('use_cache_branch', 'bool', [1]));
  const L = new Layers(g, ctx);

  // New tokens sit after the cached ones: positions and the causal mask both start at the past length.
  const pastLength = g.op('Shape', ['past_key_values.0.decoder.key'], [attr.i('start', 2), attr.i('end', 3)]);
  let x = L.embed('input_ids', 'model.decoder.embed_positions.weight', pastLength);

  const newLength = g.op('Shape', ['input_ids'], [attr.i('start', 1), attr.i('end', 2)]);
  const total = g.op('Add', [pastLength, newLength]);
  const toScalar = (t: string): string => g.op('Squeeze', [t, g.constant('int64', [0])]);
  const one = g.constant('int64', [1], []);
  const queryPos = g.op('Range', [toScalar(pastLength), toScalar(total), one]);
  const keyPos = g.op('Range', [g.constant('int64', [0], []), toScalar(total), one]);
  const future = g.op('Greater', [
    g.op('Unsqueeze', [keyPos, g.constant('int64', [0])]),
    g.op('Unsqueeze', [queryPos, g.constant('int64', [1])]),
  ]);
  const causalBias = g.op('Where', [future, g.scalar(MASK_NEG), g.scalar(0)]);
  const crossBias = L.paddingBias('encoder_attention_mask');

  // Cross-attention keys/values depend only on the encoder output: computed on the first step
  // (else branch), then passed through from the cache (then branch), like Optimum's merged export.
  const thenG = new GraphBuilder('use_cache', g);
  const elseG = new GraphBuilder('no_cache', g);
  const E = new Layers(elseG, ctx);
  const ifOutputs: string[] = [];
  for (let i = 0; i < p.decoderLayers; i++) {
    for (const kv of ['key', 'value'] as const) {
      const out = `present.${i}.encoder.${kv}`;
      ifOutputs.push(out);
      const thenOut = thenG.op('Identity', [`past_key_values.${i}.encoder.${kv}`]);
      thenG.outputs.push(valueInfo(thenOut, 'float'));
      const proj = kv === 'key' ? 'k_proj' : 'v_proj';
      const elseOut = E.splitHeads(
        E.linear('encoder_hidden_states', `model.decoder.layers.${i}.encoder_attn.${proj}`, p.dModel, p.dModel),
      );
      elseG.outputs.push(valueInfo(elseOut, 'float'));
    }
  }
  g.node('If', ['use_cache_branch'], ifOutputs, [
    attr.g('then_branch', thenG.toProto()),
    attr.g('else_branch', elseG.toProto()),
  ]);

  for (let i = 0; i < p.decoderLayers; i++) {
    const pre = `model.decoder.layers.${i}`;
    const q = L.splitHeads(L.linear(x, `${pre}.self_attn.q_proj`, p.dModel, p.dModel));
    const kNew = L.splitHeads(L.linear(x, `${pre}.self_attn.k_proj`, p.dModel, p.dModel));
    const vNew = L.splitHeads(L.linear(x, `${pre}.self_attn.v_proj`, p.dModel, p.dModel));
    const k = g.op(
      'Concat',
      [`past_key_values.${i}.decoder.key`, kNew],
      [attr.i('axis', 2)],
      `present.${i}.decoder.key`,
    );
    const v = g.op(
      'Concat',
      [`past_key_values.${i}.decoder.value`, vNew],
      [attr.i('axis', 2)],
      `present.${i}.decoder.value`,
    );
    const selfAttn = L.linear(L.attend(q, k, v, causalBias), `${pre}.self_attn.out_proj`, p.dModel, p.dModel);
    x = L.layerNorm(g.op('Add', [x, selfAttn]), `${pre}.self_attn_layer_norm`);

    const cq = L.splitHeads(L.linear(x, `${pre}.encoder_attn.q_proj`, p.dModel, p.dModel));
    const cross = L.attend(cq, `present.${i}.encoder.key`, `present.${i}.encoder.value`, crossBias);
    const crossOut = L.linear(cross, `${pre}.encoder_attn.out_proj`, p.dModel, p.dModel);
    x = L.layerNorm(g.op('Add', [x, crossOut]), `${pre}.encoder_attn_layer_norm`);
    x = L.layerNorm(g.op('Add', [x, L.ffn(x, pre)]), `${pre}.final_layer_norm`);
  }

  // Tied output layer: logits = x · sharedᵀ + final_logits_bias.
  const logitsBias = randomFloat(g, ctx, 'final_logits_bias', [p.vocabSize], STD.logitsBias);
  if (!ctx.quantized) {
    // Gemm(transB) reads the shared table in place; MatMul would need a transposed copy of it.
    const flat = g.op('Reshape', [x, g.constant('int64', [-1, p.dModel])]);
    const logits2d = g.op('Gemm', [flat, 'model.shared.weight', logitsBias], [attr.i('transB', 1)]);
    const outShape = g.op(
      'Concat',
      [g.op('Shape', ['input_ids']), g.constant('int64', [p.vocabSize])],
      [attr.i('axis', 0)],
    );
    g.op('Reshape', [logits2d, outShape], [], 'logits');
  } else {
    // MatMulInteger has no transB, so the int8 head is stored transposed (as quantize_dynamic would).
    const head = randomInt8(g, ctx, 'model.shared.weight', [p.dModel, p.vocabSize], p.dModel, [p.vocabSize, p.dModel]);
    g.op('Add', [L.integerMatMul(x, head), logitsBias], [], 'logits');
  }
  return g;
}

export function buildMarianGraphs(
  preset: MarianPreset,
  seed: number,
  quantized: boolean,
): { encoder: GraphBuilder; decoder: GraphBuilder } {
  const ctx: Ctx = { preset, seed, quantized, scales: new Map() };
  return { encoder: buildEncoder(ctx), decoder: buildDecoder(ctx) };
}
