/**
 * Writes the random-weight Marian test model (tests/helpers/tiny-model) to disk.
 *   npm run model:test   → models/test/tiny-random-marian-es-en   (tests, well under 1 MB a file)
 *   npm run model:bench  → models/test/bench-marian-es-en         (real opus-mt-es-en shapes, ~560 MB)
 * Options: --preset tiny|bench, --out DIR, --seed N.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generateMarianModel, PRESETS } from '../tests/helpers/tiny-model';

const DEFAULT_OUT: Record<'tiny' | 'bench', string> = {
  tiny: 'models/test/tiny-random-marian-es-en',
  bench: 'models/test/bench-marian-es-en',
};

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      preset: { type: 'string', default: 'tiny' },
      out: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const preset = values.preset;
  if (preset !== 'tiny' && preset !== 'bench') {
    throw new Error(`--preset must be "tiny" or "bench", got "${preset}"`);
  }
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  // Defaults are relative to the project root, not the caller's directory.
  const root = path.resolve(__dirname, '..');
  const outDir = path.resolve(values.out ?? path.join(root, DEFAULT_OUT[preset]));

  const p = PRESETS[preset];
  console.log(
    `Generating ${preset} random-weight Marian (d_model ${p.dModel}, ${p.encoderLayers}+${p.decoderLayers} layers, ` +
      `${p.heads} heads, FFN ${p.ffnDim}, vocab ${p.vocabSize}, seed ${seed}) into ${outDir}`,
  );
  const started = process.hrtime.bigint();
  const { files } = await generateMarianModel({ outDir, preset, seed });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  let fp32 = 0;
  let q8 = 0;
  for (const rel of files) {
    const { size } = await stat(path.join(outDir, rel));
    if (rel.endsWith('_quantized.onnx')) q8 += size;
    else if (rel.endsWith('.onnx')) fp32 += size;
    console.log(`  ${rel.padEnd(42)} ${formatSize(size).padStart(10)}`);
  }
  console.log(`ONNX fp32 ${formatSize(fp32)}, q8 ${formatSize(q8)}; done in ${seconds.toFixed(2)} s.`);
  console.log('Random weights: translations from this model are meaningless (tests and benchmarks only).');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
