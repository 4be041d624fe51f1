import fs from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { isTestModelId } from '../../lib/config';
import { EngineError } from '../../lib/mt/engine';
import { fetchModel } from '../../lib/mt/fetch/fetch-model';
import { adoptModel, checkModelFiles, checkToError, firstUnparsableJson } from '../../lib/mt/model/model-files';
import type { ModelDtype, ModelSpec } from '../../lib/mt/model/registry';
import { hubUrlFromEnv, knownModel, modelDir, pipelineFiles, resolveModel } from '../../lib/mt/model/registry';
import type { CliContext } from '../context';
import { CliExit, err, out } from '../context';
import { printError } from '../errors';
import { formatBytes } from '../i18n';
import { createProgress } from '../progress';

const DTYPES: ModelDtype[] = ['q8', 'fp32'];

function dtypeOption(ctx: CliContext): Option {
  return new Option('--dtype <dtype>', ctx.t('model.dtypeOption')).choices(DTYPES);
}

/** Downloads the configured model with a progress display; returns the number of files downloaded. */
async function runFetch(ctx: CliContext, opts: { dtype?: ModelDtype; force?: boolean }): Promise<void> {
  const spec = resolveModel(ctx.config, opts.dtype ? { dtype: opts.dtype } : {});
  const hubUrl = hubUrlFromEnv(ctx.env);
  err(ctx, ctx.t('model.fetch.start', { modelId: spec.modelId, dtype: spec.dtype, url: hubUrl, dir: spec.dir }));
  const progress = createProgress(ctx);
  try {
    const result = await fetchModel({
      config: ctx.config,
      dtype: spec.dtype,
      hubUrl,
      force: Boolean(opts.force),
      onProgress: (p) => progress.update(p),
    });
    progress.stop();
    const size = result.manifest.files.filter((f) => spec.files.includes(f.path)).reduce((a, f) => a + f.size, 0);
    out(
      ctx,
      ctx.t('model.fetch.done', {
        modelId: spec.modelId,
        dtype: spec.dtype,
        downloaded: result.downloaded.length,
        size: formatBytes(size, ctx.language),
      }),
    );
  } finally {
    progress.stop();
  }
}

async function runVerify(ctx: CliContext, opts: { dtype?: ModelDtype; adopt?: boolean }): Promise<void> {
  const spec = resolveModel(ctx.config, opts.dtype ? { dtype: opts.dtype } : {});
  const base = { modelId: spec.modelId, dtype: spec.dtype };
  if (opts.adopt) {
    // Adopting records whatever is there, so at least refuse files that obviously cannot load.
    const broken = await firstUnparsableJson(spec).catch(() => undefined);
    const check = await checkModelFiles(spec, { hash: false });
    if (check.status === 'missing') throw checkToError(spec, check)!;
    if (broken) {
      err(ctx, ctx.t('model.verify.brokenJson', { file: path.join(spec.dir, broken) }));
      throw new CliExit(1);
    }
    const manifest = await adoptModel(spec);
    const mine = manifest.files.filter((f) => spec.files.includes(f.path));
    out(
      ctx,
      ctx.t('model.verify.adopted', {
        ...base,
        count: mine.length,
        size: formatBytes(
          mine.reduce((a, f) => a + f.size, 0),
          ctx.language,
        ),
      }),
    );
    return;
  }
  const check = await checkModelFiles(spec);
  if (check.status === 'verified') {
    out(
      ctx,
      ctx.t('model.verify.verified', {
        ...base,
        count: spec.files.length,
        size: formatBytes(check.bytes, ctx.language),
      }),
    );
    return;
  }
  if (check.status === 'unverified') {
    err(ctx, ctx.t('model.verify.unverified', base));
    throw new CliExit(1);
  }
  throw checkToError(spec, check)!;
}

interface Installed {
  modelId: string;
  dtype: ModelDtype;
  bytes: number;
  status: 'verified' | 'unverified' | 'missing' | 'corrupt';
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** Models found under modelsDir: one row per dtype that has at least one of its weight files. */
async function listInstalled(modelsDir: string): Promise<Installed[]> {
  const rows: Installed[] = [];
  for (const owner of await subdirs(modelsDir)) {
    for (const name of await subdirs(path.join(modelsDir, owner))) {
      const modelId = `${owner}/${name}`;
      let dir: string;
      try {
        dir = modelDir(modelsDir, modelId);
      } catch {
        continue; // not a model folder name we would ever load
      }
      for (const dtype of DTYPES) {
        const files = pipelineFiles(dtype);
        const weights = files.filter((f) => f.endsWith('.onnx'));
        const present = await Promise.all(weights.map((f) => exists(path.join(dir, f))));
        if (!present.some(Boolean)) continue;
        const spec: ModelSpec = { modelId, dtype, isTestModel: isTestModelId(modelId), dir, files };
        const check = await checkModelFiles(spec);
        rows.push({ modelId, dtype, bytes: check.bytes, status: check.status });
      }
    }
  }
  return rows;
}

async function runList(ctx: CliContext): Promise<void> {
  const rows = await listInstalled(ctx.config.modelsDir);
  if (rows.length === 0) {
    out(ctx, ctx.t('model.list.empty', { dir: ctx.config.modelsDir }));
    return;
  }
  out(ctx, ctx.t('model.list.header', { dir: ctx.config.modelsDir }));
  for (const row of rows) {
    const configured = row.modelId === ctx.config.modelId && row.dtype === ctx.config.dtype ? 'yes' : 'no';
    const key = isTestModelId(row.modelId) ? 'model.list.testModel' : 'model.list.row';
    out(
      ctx,
      '  ' +
        ctx.t(key, {
          modelId: row.modelId,
          dtype: row.dtype,
          size: formatBytes(row.bytes, ctx.language),
          status: ctx.t('model.list.status', { status: row.status }),
          configured,
        }),
    );
  }
}

async function runEnsure(ctx: CliContext, opts: { quietOffline?: boolean }): Promise<void> {
  const spec = resolveModel(ctx.config);
  const check = await checkModelFiles(spec);
  if (check.ok) return; // installed: say nothing, npm start goes on
  const approx = knownModel(spec.modelId)?.approxBytesQ8;
  if (approx)
    err(ctx, ctx.t('model.ensure.fetching', { modelId: spec.modelId, size: formatBytes(approx, ctx.language) }));
  try {
    await runFetch(ctx, {});
  } catch (error) {
    const recoverable =
      error instanceof EngineError &&
      ['offline', 'download_failed', 'proxy_failed', 'tls_untrusted'].includes(error.code);
    if (!opts.quietOffline || !recoverable) throw error;
    // The app is useful without the model (Spanish reading): say so briefly and let it start.
    if (error.code === 'offline') err(ctx, ctx.t('model.ensure.offlineNote', { modelId: spec.modelId }));
    else {
      printError(ctx, error);
      err(ctx, ctx.t('model.ensure.notFetchedNote', { modelId: spec.modelId }));
    }
  }
}

/** Registers `paralelo model fetch | verify | list | ensure`. */
export function registerModelCommands(program: Command, ctx: CliContext): void {
  const model = program.command('model').description(ctx.t('model.description'));
  model
    .command('fetch')
    .description(ctx.t('model.fetch.description'))
    .addOption(dtypeOption(ctx))
    .option('--force', ctx.t('model.fetch.forceOption'))
    .action((opts: { dtype?: ModelDtype; force?: boolean }) => runFetch(ctx, opts));
  model
    .command('verify')
    .description(ctx.t('model.verify.description'))
    .addOption(dtypeOption(ctx))
    .option('--adopt', ctx.t('model.verify.adoptOption'))
    .action((opts: { dtype?: ModelDtype; adopt?: boolean }) => runVerify(ctx, opts));
  model
    .command('list')
    .description(ctx.t('model.list.description'))
    .action(() => runList(ctx));
  model
    .command('ensure')
    .description(ctx.t('model.ensure.description'))
    .option('--quiet-offline', ctx.t('model.ensure.quietOfflineOption'))
    .action((opts: { quietOffline?: boolean }) => runEnsure(ctx, opts));
}
