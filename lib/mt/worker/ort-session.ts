import type * as ort from 'onnxruntime-node';
import type { OrtSessionLike, OrtTensorLike } from '../decoder/greedy-model';

/** An onnxruntime-node session as the greedy loop sees it, with its release(). */
export function asLoopSession(session: ort.InferenceSession): OrtSessionLike & { release(): Promise<void> } {
  return {
    release: () => session.release(),
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    run: (feeds, fetches) =>
      session.run(
        feeds as ort.InferenceSession.FeedsType,
        fetches ? [...fetches] : [...session.outputNames],
      ) as Promise<Record<string, OrtTensorLike>>,
  };
}
