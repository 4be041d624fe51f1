/** bench:mt's command line, and the inputs it reads (newstest2012 with its references, the bench model). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decoderThreadsFrom, MAX_DECODER_THREADS } from '../../lib/config';
import type { EngineConfig } from '../../lib/mt/engine';
import { pipelineFiles, validateModelId } from '../../lib/mt/model/registry';

export const ROOT = path.resolve(__dirname, '../..');
export const NEWSTEST = 'parallel/newstest/newstest2012.es';
/** The same sentences' published English translations, line for line. */
export const NEWSTEST_EN = 'parallel/newstest/newstest2012.en';

export interface Variant {
  batchSize: number;
  windowSentences: number;
}

export interface Options {
  dataDir: string;
  sentences: number;
  modelDir: string;
  dtype: 'q8' | 'fp32';
  seed: number;
  variants: Variant[];
  /** Variants translate the document made of the first N sentences only (0: the whole document). */
  variantSentences: number;
  ceiling: boolean;
  /** Decoder threads of the document path's engine (lib/mt/worker/decoder-pool.ts). */
  threads: number;
  /** Also the realistic-length mode, where each sentence's budget is its reference translation's length. */
  realistic: boolean;
}

export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** The command line, checked. */
export function parseOptions(argv: string[] = process.argv.slice(2)): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string', default: '../shared/data' },
      sentences: { type: 'string', default: '200' },
      'model-dir': { type: 'string' },
      dtype: { type: 'string', default: 'q8' },
      seed: { type: 'string', default: '7' },
      variants: { type: 'string', default: '' },
      'variant-sentences': { type: 'string', default: '0' },
      'no-ceiling': { type: 'boolean', default: false },
      'no-realistic': { type: 'boolean', default: false },
      threads: { type: 'string' },
    },
  });
  const sentences = Number(values.sentences);
  if (!Number.isInteger(sentences) || sentences < 1) throw new UsageError(`--sentences must be a positive integer`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer`);
  if (values.dtype !== 'q8' && values.dtype !== 'fp32') throw new UsageError(`--dtype must be q8 or fp32`);
  const variants: Variant[] = [];
  for (const spec of values.variants
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^b(\d+)w(\d+)$/.exec(spec);
    if (!m)
      throw new UsageError(`--variants: "${spec}" is not of the form b<batchSize>w<windowSentences>, e.g. b16w64`);
    variants.push({ batchSize: Number(m[1]), windowSentences: Number(m[2]) });
  }
  const threads =
    values.threads === undefined ? decoderThreadsFrom(process.env.PARALELO_MT_THREADS) : Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_DECODER_THREADS) {
    throw new UsageError(`--threads must be an integer from 1 to ${MAX_DECODER_THREADS}`);
  }
  const variantSentences = Number(values['variant-sentences']);
  if (!Number.isInteger(variantSentences) || variantSentences < 0 || variantSentences > sentences) {
    throw new UsageError(`--variant-sentences must be an integer from 0 to --sentences`);
  }
  return {
    // Relative paths are the caller's (npm run sets the cwd to the project root).
    dataDir: path.resolve(values.data),
    sentences,
    modelDir: values['model-dir']
      ? path.resolve(values['model-dir'])
      : path.join(ROOT, 'models/test/bench-marian-es-en'),
    dtype: values.dtype,
    seed,
    variants,
    variantSentences,
    ceiling: !values['no-ceiling'],
    threads,
    realistic: !values['no-realistic'],
  };
}

/** The engine's view of a model folder: modelsDir/<owner>/<name>. */
export function engineConfigFor(modelDir: string, dtype: 'q8' | 'fp32'): EngineConfig {
  const modelsDir = path.dirname(path.dirname(modelDir));
  const modelId = `${path.basename(path.dirname(modelDir))}/${path.basename(modelDir)}`;
  validateModelId(modelId);
  return { modelsDir, modelId, dtype, allowTestModels: true };
}

/** The measured sentences with their reference translations, and spare ones (never measured) for warm-ups. */
export interface Inputs {
  lines: string[];
  /** references[i] translates lines[i]. */
  references: string[];
  spare: string[];
}

/** Reads newstest2012 (Spanish and English, line for line), after checking that it and the model are there. */
export function readInputs(opts: Options): Inputs {
  const file = path.join(opts.dataDir, NEWSTEST);
  const english = path.join(opts.dataDir, NEWSTEST_EN);
  for (const needed of [file, english]) {
    if (!existsSync(needed)) {
      throw new UsageError(
        `No ${path.relative(opts.dataDir, needed)} under ${opts.dataDir}. Pass --data <the shared data folder>, e.g. ` +
          `--data ../shared/data (it must hold ${NEWSTEST} and ${NEWSTEST_EN}).`,
      );
    }
  }
  const missing = pipelineFiles(opts.dtype).filter((f) => !existsSync(path.join(opts.modelDir, f)));
  if (missing.length > 0) {
    throw new UsageError(
      `Benchmark model not found in ${opts.modelDir} (missing ${missing.join(', ')}).\n` +
        `Generate it (random weights, real opus-mt-es-en shapes, about 40 s) with:\n\n  npm run model:bench\n`,
    );
  }
  const read = (f: string) => readFileSync(f, 'utf8').split('\n');
  const es = read(file);
  const en = read(english);
  // Blank lines are dropped, with their English, so the two stay aligned.
  const pairs = es.map((line, i) => [line.trim(), (en[i] ?? '').trim()] as const).filter(([line]) => line.length > 0);
  if (pairs.length < opts.sentences) {
    throw new UsageError(`${file} has ${pairs.length} lines; --sentences ${opts.sentences} asks for more.`);
  }
  const measured = pairs.slice(0, opts.sentences);
  // Warm-up inputs come from after the document so nothing the measured runs translate was seen before.
  return {
    lines: measured.map(([line]) => line),
    references: measured.map(([, reference]) => reference),
    spare: pairs.slice(opts.sentences, opts.sentences + 64).map(([line]) => line),
  };
}
