import path from 'node:path';
import type { ParaleloConfig } from '../../config';
import { DEFAULT_MODEL_ID, isTestModelId } from '../../config';
import { EngineError } from '../errors';

export type ModelDtype = 'q8' | 'fp32';

/** A model this project knows how to fetch and run. */
export interface KnownModel {
  id: string;
  /** Source and target language (BCP 47). */
  source: string;
  target: string;
  /** Rough int8 download size, for messages only. */
  approxBytesQ8: number;
}

/** Everything needed to find, fetch, verify and load one configured model. */
export interface ModelSpec {
  modelId: string;
  dtype: ModelDtype;
  isTestModel: boolean;
  /** Absolute folder, always inside modelsDir. */
  dir: string;
  /** Paths relative to dir, exactly the files the translation pipeline opens. */
  files: string[];
}

export const DEFAULT_HUB_URL = 'https://huggingface.co';
export const MANIFEST_FILE = 'paralelo-manifest.json';

export const KNOWN_MODELS: readonly KnownModel[] = [
  { id: DEFAULT_MODEL_ID, source: 'es', target: 'en', approxBytesQ8: 108_000_000 },
];

// The files transformers.js 4.3 opens for pipeline('translation') on a Marian export
// (ModelRegistry.get_pipeline_files); fixed here so fetching never depends on the network to list them.
const TEXT_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];
const ONNX_SESSIONS = ['encoder_model', 'decoder_model_merged'];

/** Files the translation pipeline needs for a dtype: q8 → onnx/*_quantized.onnx, fp32 → onnx/*.onnx. */
export function pipelineFiles(dtype: ModelDtype): string[] {
  const suffix = dtype === 'q8' ? '_quantized' : '';
  return [...TEXT_FILES, ...ONNX_SESSIONS.map((s) => `onnx/${s}${suffix}.onnx`)];
}

// owner/name, each part a conservative hub-style name; ".." and absolute paths cannot match.
const MODEL_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/** Throws EngineError('input_invalid') unless the id is a safe "owner/name" that stays inside modelsDir. */
export function validateModelId(modelId: string): void {
  const bad = !MODEL_ID_RE.test(modelId) || modelId.split('/').some((part) => part === '.' || part.includes('..'));
  if (bad) {
    throw new EngineError(
      'input_invalid',
      `Invalid model id "${modelId}": expected "owner/name" (letters, digits, ".", "_", "-"; no "..", no absolute path).`,
      { details: { modelId } },
    );
  }
}

/** Absolute folder of a model under modelsDir; throws if the id could escape it. */
export function modelDir(modelsDir: string, modelId: string): string {
  validateModelId(modelId);
  const root = path.resolve(modelsDir);
  const dir = path.resolve(root, ...modelId.split('/'));
  // Belt and braces: the regex already forbids it, but the containment check is what actually matters.
  if (!dir.startsWith(root + path.sep)) {
    throw new EngineError('input_invalid', `Model id "${modelId}" resolves outside ${root}.`, { details: { modelId } });
  }
  return dir;
}

/** Resolves the configured model into a ModelSpec; refuses test models unless config.allowTestModels. */
export function resolveModel(
  config: Pick<ParaleloConfig, 'modelsDir' | 'modelId' | 'dtype' | 'allowTestModels'>,
  overrides: { dtype?: ModelDtype } = {},
): ModelSpec {
  const { modelId } = config;
  const dir = modelDir(config.modelsDir, modelId);
  const isTestModel = isTestModelId(modelId);
  if (isTestModel && !config.allowTestModels) {
    throw new EngineError(
      'model_not_allowed',
      `Model "${modelId}" is a generated test model (random weights, not a translator); it is refused unless PARALELO_ALLOW_TEST_MODELS=1.`,
      { details: { modelId } },
    );
  }
  const dtype = overrides.dtype ?? config.dtype;
  return { modelId, dtype, isTestModel, dir, files: pipelineFiles(dtype) };
}

/** The hub base URL: PARALELO_HUB_URL when set (tests point it at 127.0.0.1), else huggingface.co. */
export function hubUrlFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const raw = env.PARALELO_HUB_URL;
  return (raw && raw.length > 0 ? raw : DEFAULT_HUB_URL).replace(/\/+$/, '');
}

/** The known-model entry for an id, if any. */
export function knownModel(modelId: string): KnownModel | undefined {
  return KNOWN_MODELS.find((m) => m.id === modelId);
}
