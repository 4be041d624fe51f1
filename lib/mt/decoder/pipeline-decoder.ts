import { firstNumber } from '../model/model-shape';
import type { TensorClass, TextPipeline } from '../model/transformers';
import { GREEDY } from '../model/transformers';
import { DecodeCancelled, type Decoded, type Decoder, type DecodeOptions } from './decoder';

/**
 * Decoding through transformers.js' own generate(), for a model whose config or sessions the greedy loop does not fit:
 * the token ids the pipeline would make from the same texts (padded on the right), every row decoded until the
 * largest budget of the batch, as a pipeline call with that max_new_tokens does. It stops only between batches.
 */
export class PipelineDecoder implements Decoder {
  readonly size = 1;
  private readonly padTokenId: number;
  private readonly eosTokenId: number | undefined;

  constructor(
    private readonly pipe: TextPipeline,
    private readonly model: NonNullable<TextPipeline['model']>,
    private readonly Tensor: TensorClass,
  ) {
    const generation = model.generation_config ?? {};
    const config = model.config ?? {};
    this.padTokenId = firstNumber(generation.pad_token_id ?? config.pad_token_id) ?? 0;
    this.eosTokenId = firstNumber(generation.eos_token_id ?? config.eos_token_id);
  }

  /** generate() gives no scores here: they are null. */
  async decode(inputs: number[][], budgets: number[], options: DecodeOptions = {}): Promise<Decoded> {
    if (options.signal?.aborted) throw new DecodeCancelled('cancelled');
    if (inputs.length === 0) return { tokens: [], scores: null };
    const length = Math.max(1, ...inputs.map((row) => row.length));
    const ids = new BigInt64Array(inputs.length * length).fill(BigInt(this.padTokenId));
    const mask = new BigInt64Array(inputs.length * length);
    inputs.forEach((row, b) =>
      row.forEach((id, i) => {
        ids[b * length + i] = BigInt(id);
        mask[b * length + i] = 1n;
      }),
    );
    const generated = await this.model.generate({
      input_ids: new this.Tensor('int64', ids, [inputs.length, length]),
      attention_mask: new this.Tensor('int64', mask, [inputs.length, length]),
      ...GREEDY,
      max_new_tokens: Math.max(...budgets),
    });
    const width = generated.dims[1] ?? 0;
    const data = generated.data as BigInt64Array;
    const tokens = inputs.map((_, b) => {
      // Each row starts with the decoder's start token and, once ended, is padded to the longest.
      const row = Array.from(data.subarray(b * width + 1, (b + 1) * width), Number);
      const end = this.eosTokenId === undefined ? -1 : row.indexOf(this.eosTokenId);
      return end < 0 ? row : row.slice(0, end + 1);
    });
    return { tokens, scores: null };
  }

  async settled(): Promise<void> {}

  dispose(): Promise<void> {
    return this.pipe.dispose();
  }
}
