import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateMarianModel } from '../../helpers/tiny-model';
import type { Probe } from '../../../lib/mt/decoder/cached-step-check';
import type { DecoderShape } from '../../../lib/mt/decoder/greedy-model';
import type { EngineConfig } from '../../../lib/mt/engine';
import { decoderShapeOf } from '../../../lib/mt/model/model-shape';
import type { TransformersEngine } from '../../../lib/mt/translate/transformers-engine';
import type { DecoderPool } from '../../../lib/mt/worker/decoder-pool';
import { resolveModel } from '../../../lib/mt/model/registry';

/** Short Spanish sentences of different lengths, for the engines' tests. */
export const SENTENCES = [
  'El perro come en la casa.',
  'Hola.',
  'Mañana vamos a la playa con los niños y sus amigos.',
  'No sé qué hacer hoy.',
  '¿Dónde está la estación?',
];

/** Token ids of rows of different lengths with budgets that end at different steps: a batch that shrinks. */
export const SHRINKING_BATCH = {
  inputs: [
    [5, 6, 7, 0],
    [9, 0],
    [12, 13, 14, 15, 16, 17, 18, 19, 0],
    [20, 21, 0],
  ],
  budgets: [9, 4, 20, 12],
};

/** A temp models folder; transformers.js memoizes file look-ups per model id, so ids are unique per call. */
export interface ModelsDir {
  modelsDir: string;
  cleanup(): Promise<void>;
  /** Generates the tiny model as test/<name> and returns a config pointing at it. */
  addTinyModel(
    name: string,
    options?: { dtype?: 'q8' | 'fp32'; seed?: number },
  ): Promise<EngineConfig & { dir: string }>;
}

let counter = 0;

/** Creates a temp folder for models (one per test file). */
export async function makeModelsDir(label: string): Promise<ModelsDir> {
  const modelsDir = await mkdtemp(path.join(tmpdir(), `paralelo-${label}-`));
  return {
    modelsDir,
    cleanup: () => rm(modelsDir, { recursive: true, force: true }),
    async addTinyModel(name, options = {}) {
      const modelId = `test/${name}-${process.pid}-${++counter}`;
      const dir = path.join(modelsDir, 'test', modelId.slice('test/'.length));
      await generateMarianModel({ outDir: dir, preset: 'tiny', seed: options.seed });
      return { modelsDir, modelId, dtype: options.dtype ?? 'q8', allowTestModels: true, dir };
    },
  };
}

/**
 * What a decoder thread (or pool) is started with for a generated model: its two ONNX files, its decoder's shape, and a
 * probe for the cached-step check (fixed token ids: the engine tokenizes a sentence, these tests need no tokenizer).
 */
export async function decoderFilesOf(config: EngineConfig): Promise<{
  files: { encoder: string; decoder: string };
  shape: DecoderShape;
  probe: Probe;
}> {
  const spec = resolveModel(config);
  const json = async (file: string) =>
    JSON.parse(await readFile(path.join(spec.dir, file), 'utf8')) as Record<string, unknown>;
  const shape = decoderShapeOf(await json('config.json'), await json('generation_config.json'));
  if (!shape) throw new Error(`${spec.dir}: not a model the greedy loop decodes`);
  const onnx = (name: string) =>
    path.join(
      spec.dir,
      spec.files.find((f) => f.includes(name))!,
    );
  const probe = { ids: [...Array.from({ length: 20 }, (_, i) => 5 + i * 3), shape.eosTokenId], budget: 40 };
  return { files: { encoder: onnx('encoder_model'), decoder: onnx('decoder_model_merged') }, shape, probe };
}

/** The decoder threads an engine loaded with a root decodes on (the engine keeps them to itself: tests look inside). */
export async function decoderPoolOf(engine: TransformersEngine): Promise<DecoderPool> {
  const loaded = await (engine as unknown as { loading: Promise<{ decoder: unknown; decoding: string }> }).loading;
  if (loaded.decoding !== 'thread') throw new Error(`the engine decodes with ${loaded.decoding}, not in threads`);
  return loaded.decoder as DecoderPool;
}
