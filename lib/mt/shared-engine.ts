import type { ParaleloConfig } from '../config';
import { onShutdown } from '../shutdown';
import type { TranslationEngine } from './engine';
import { checkModelFiles } from './model/model-files';
import { resolveModel } from './model/registry';
import type { TransformersEngineOptions } from './translate/transformers-engine';
import { TransformersEngine } from './translate/transformers-engine';

interface SharedSlot {
  key: string;
  engine: TransformersEngine;
  /** Takes its release off the shutdown list (lib/shutdown.ts). */
  forget: () => void;
}

// On globalThis, not in a module variable: Next dev re-evaluates modules on hot reload, and a second
// copy of the engine would load the model (and start its decoder threads) again.
const SLOT = Symbol.for('paralelo.mt.sharedEngine');
type GlobalWithSlot = typeof globalThis & { [SLOT]?: SharedSlot };

/**
 * The process-wide engine for this configuration; created on first use, replaced if the model changes. It runs in the
 * caller's thread, which keeps only the tokenizer: the model's sessions and the greedy loop are in its decoder threads
 * (an outer worker thread around the engine, as there was, gained nothing measurable: README, decoding).
 */
export function getSharedEngine(
  config: ParaleloConfig,
  options: Omit<TransformersEngineOptions, 'root'> = {},
): TranslationEngine {
  const g = globalThis as GlobalWithSlot;
  const key = JSON.stringify([
    config.root,
    config.modelsDir,
    config.modelId,
    config.dtype,
    config.allowTestModels,
    config.decoderThreads,
  ]);
  const slot = g[SLOT];
  if (slot && slot.key === key) return slot.engine;
  if (slot) {
    slot.forget();
    void slot.engine.dispose();
  }
  const engine = new TransformersEngine(
    {
      modelsDir: config.modelsDir,
      modelId: config.modelId,
      dtype: config.dtype,
      allowTestModels: config.allowTestModels,
    },
    { decoderThreads: config.decoderThreads, ...options, root: config.root },
  );
  // Its decoder threads keep the process alive: `paralelo serve` disposes it on SIGTERM.
  const forget = onShutdown('mtEngine', async () => {
    if (g[SLOT]?.engine === engine) delete g[SLOT];
    await engine.dispose();
  });
  g[SLOT] = { key, engine, forget };
  return engine;
}

/**
 * What the engine translates once after loading (nothing is stored): a paragraph of news-length sentences, decoded as
 * the reader's first paragraph is (one batch), because onnxruntime's first runs at a shape cost more than the next ones
 * (its memory arena grows, fresh pages fault in). Warming up on "Hola." left about 0.1-0.15 s of that to the first
 * paragraph a person opened (bench:open).
 */
export const WARM_UP = [
  'El ayuntamiento presentó ayer el nuevo plan de transporte público, que prevé más autobuses nocturnos y carriles reservados en las principales avenidas de la ciudad.',
  'Según la concejala responsable, las obras comenzarán en primavera y durarán unos ocho meses.',
  'Los vecinos podrán consultar el proyecto en la página web municipal hasta finales de mes y presentar sus sugerencias.',
];

/**
 * Loads the shared engine's model and translates a short paragraph (WARM_UP), so the first document a person
 * opens does not wait for the load (the web server calls it at start; `npm run bench:open` measures the difference).
 * Nothing is stored. Resolves false without loading anything when the model's files are not all there: the reader
 * then says which command installs it.
 */
export async function preloadSharedEngine(config: ParaleloConfig): Promise<boolean> {
  const check = await checkModelFiles(resolveModel(config), { hash: false });
  if (!check.ok) return false;
  const engine = getSharedEngine(config);
  await engine.ready();
  await engine.translate(WARM_UP, { priority: 'latency' });
  return true;
}

/**
 * Resolves once the shared engine decodes as fast as it will (its further decoder threads, which load after its first
 * request, have joined: TransformersEngine.settled), with how many decoder threads it has; 0 when there is no shared engine.
 */
export async function sharedEngineSettled(): Promise<number> {
  const engine = (globalThis as GlobalWithSlot)[SLOT]?.engine;
  if (!engine) return 0;
  await engine.settled();
  return engine.stats().decoderThreads;
}

/** Disposes the shared engine, if any (tests, graceful shutdown). */
export async function disposeSharedEngine(): Promise<void> {
  const g = globalThis as GlobalWithSlot;
  const slot = g[SLOT];
  delete g[SLOT];
  slot?.forget();
  if (slot) await slot.engine.dispose();
}
