import { decoderShapeOf } from '../model/model-shape';
import type { TensorClass, TextPipeline } from '../model/transformers';
import type { Decoded, Decoder, DecodeOptions } from './decoder';
import { greedyDecode } from './greedy-decode';
import { supportsGreedyLoop, type GreedyModel } from './greedy-model';

/**
 * The greedy loop (decoder/greedy-decode.ts) in the engine's own thread, over the sessions transformers.js loaded for
 * its pipeline: what the engine decodes with when it has no decoder threads (no project root to start them from).
 */
export class LoopDecoder implements Decoder {
  readonly size = 1;

  private constructor(
    private readonly model: GreedyModel,
    private readonly pipe: TextPipeline,
  ) {}

  /** The loop over a loaded pipeline's sessions, or null when its sessions or config are not the ones it drives. */
  static over(pipe: TextPipeline, Tensor: TensorClass): LoopDecoder | null {
    const encoder = pipe.model?.sessions?.model;
    const decoder = pipe.model?.sessions?.decoder_model_merged;
    if (!encoder || !decoder) return null;
    const shape = decoderShapeOf(pipe.model?.config ?? {}, pipe.model?.generation_config ?? {});
    if (!shape || !supportsGreedyLoop(encoder, decoder, shape.layers)) return null;
    const tensor: GreedyModel['tensor'] = (type, data, dims) =>
      new Tensor(type, data, dims).ort_tensor as ReturnType<GreedyModel['tensor']>;
    return new LoopDecoder({ encoder, decoder, shape, tensor }, pipe);
  }

  /** The greedy loop here; its scores come from a pass of Math.exp in this thread (slower than in a decoder thread). */
  decode(inputs: number[][], budgets: number[], options: DecodeOptions = {}): Promise<Decoded> {
    return greedyDecode(this.model, inputs, budgets, { signal: options.signal, scores: options.scores });
  }

  async settled(): Promise<void> {}

  dispose(): Promise<void> {
    return this.pipe.dispose();
  }
}
