import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateMarianModel } from '../../helpers/tiny-model';
import type { EngineConfig } from '../../../lib/mt/transformers-engine';

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
