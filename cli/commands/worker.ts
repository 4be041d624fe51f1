import { Command, InvalidArgumentError } from 'commander';
import { MAX_DECODER_THREADS } from '../../lib/config';
import { openPostgresJobs, workerName, type WorkerReport } from '../../lib/jobs';
import { checkModelFiles, checkToError } from '../../lib/mt/model/model-files';
import { resolveModel } from '../../lib/mt/model/registry';
import { createTransformersEngine } from '../../lib/mt/translate/transformers-engine';
import { openStore } from '../../lib/store';
import { describeLocation } from '../../lib/store/postgres-location';
import type { CliContext } from '../context';
import { CliExit, err, out } from '../context';

interface WorkerOptions {
  id?: string;
  threads?: number;
  json?: boolean;
}

function threadsOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_DECODER_THREADS) {
    throw new InvalidArgumentError(`1-${MAX_DECODER_THREADS}`);
  }
  return n;
}

/** One line per report, in the user's language (or one JSON object with --json). */
function reporter(ctx: CliContext, json: boolean) {
  return (r: WorkerReport) => {
    if (json) return out(ctx, JSON.stringify({ at: Date.now(), ...r }));
    switch (r.type) {
      case 'claimed':
        return out(ctx, ctx.t('worker.claimed', { ...r }));
      case 'window':
        return out(ctx, ctx.t('worker.window', { ...r, seconds: (r.ms / 1000).toFixed(1) }));
      case 'already-committed':
        return out(ctx, ctx.t('worker.alreadyCommitted', { ...r }));
      case 'taken-over':
        return out(ctx, ctx.t('worker.takenOver', { ...r }));
      case 'run-ended':
        return out(ctx, ctx.t('worker.runEnded', { ...r }));
      case 'run-failed':
        return err(ctx, ctx.t('worker.runFailed', { ...r }));
      case 'retry':
        return err(ctx, ctx.t('worker.retry', { ...r }));
      case 'queue-error':
        return err(ctx, ctx.t('worker.queueError', { ...r }));
    }
  };
}

async function runWorker(ctx: CliContext, opts: WorkerOptions): Promise<void> {
  const { config } = ctx;
  const database = config.database;
  if (!database) {
    err(ctx, ctx.t('worker.needsDatabase'));
    throw new CliExit(1);
  }
  const spec = resolveModel(config);
  const problem = checkToError(spec, await checkModelFiles(spec, { hash: false }));
  if (problem) throw problem;
  const threads = opts.threads ?? config.decoderThreads;
  const id = opts.id ?? workerName();
  const report = reporter(ctx, opts.json ?? false);

  const store = await openStore(config);
  const engine = createTransformersEngine(config, { root: config.root, decoderThreads: threads });
  let jobs: Awaited<ReturnType<typeof openPostgresJobs>> | undefined;
  try {
    if (!opts.json) err(ctx, ctx.t('worker.loading', { modelId: config.modelId, threads }));
    // Loaded before the first job is taken: a window's timeout never runs while the model loads.
    await engine.ready();
    let signals = 0;
    const onSignal = () => {
      signals++;
      if (!jobs?.worker) return;
      if (signals === 1) {
        if (!opts.json) err(ctx, ctx.t('worker.stopping'));
        void jobs.worker.stop();
      } else {
        if (!opts.json) err(ctx, ctx.t('worker.aborting'));
        void jobs.worker.abort();
      }
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    try {
      jobs = await openPostgresJobs({
        location: database,
        store,
        modelId: config.modelId,
        getEngine: () => engine,
        timeoutSeconds: config.jobTimeoutSeconds,
        worker: { id, report },
      });
      if (opts.json) out(ctx, JSON.stringify({ at: Date.now(), type: 'ready', id, modelId: config.modelId }));
      else out(ctx, ctx.t('worker.ready', { id, database: describeLocation(database), modelId: config.modelId }));
      // A signal that came while the queue was opening still counts.
      if (signals > 0) void jobs.worker!.stop();
      await jobs.worker!.run();
    } finally {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
  } finally {
    await jobs?.close().catch(() => {});
    await engine.dispose().catch(() => {});
    await store.close().catch(() => {});
  }
  if (opts.json) out(ctx, JSON.stringify({ at: Date.now(), type: 'stopped', id }));
  else out(ctx, ctx.t('worker.stopped', { id }));
}

/** `paralelo worker`: translates the team server's queued windows until SIGTERM (after the current window). */
export function registerWorkerCommands(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description(ctx.t('worker.description'))
    .option('--id <name>', ctx.t('worker.idOption'))
    .option('--threads <n>', ctx.t('worker.threadsOption'), threadsOption)
    .option('--json', ctx.t('worker.jsonOption'))
    .action((opts: WorkerOptions) => runWorker(ctx, opts));
}
