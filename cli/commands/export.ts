import path from 'node:path';
import { Option, type Command } from 'commander';
import { isTestModelId } from '../../lib/config';
import { exportDocument } from '../../lib/documents/export-document';
import { EXPORT_FORMATS, type ExportFormat } from '../../lib/exchange/export-formats';
import type { ExportLabels } from '../../lib/exchange/labels';
import { storeDeps } from '../../lib/documents/context';
import en from '../../messages/en.json';
import es from '../../messages/es.json';
import pkg from '../../package.json';
import type { CliContext } from '../context';
import { CliExit, err, withStore } from '../context';
import { remoteFetch, remoteOf } from '../remote';
import { writeAtomically } from '../write-file';

async function emit(ctx: CliContext, body: string, out: string | undefined) {
  if (out) {
    const file = path.resolve(out);
    await writeAtomically(file, body);
    err(ctx, ctx.t('export.written', { file }));
  } else ctx.stdout.write(body);
}

async function runExport(ctx: CliContext, slug: string, opts: { format: ExportFormat; out?: string; server?: string }) {
  const remote = remoteOf(ctx, opts.server);
  if (remote) {
    const query = `format=${opts.format}&lang=${ctx.language}`;
    const res = await remoteFetch(ctx, remote, `/api/documents/${encodeURIComponent(slug)}/export?${query}`);
    return emit(ctx, await res.text(), opts.out);
  }
  await withStore(ctx, async (store) => {
    const labels: ExportLabels = (ctx.language === 'es' ? es : en).export.labels;
    const result = await exportDocument(storeDeps(ctx.config, store), slug, opts.format, labels, {
      toolVersion: pkg.version,
      now: new Date(),
    });
    if (!result.ok) {
      err(ctx, ctx.t('export.failed', { slug, message: result.message }));
      throw new CliExit(1);
    }
    if (/x-test-model|test-model/.test(result.body) && isTestModelId(ctx.config.modelId))
      err(ctx, ctx.t('export.testModel'));
    await emit(ctx, result.body, opts.out);
  });
}

/** `paralelo export <slug> --format tmx|xliff12|xliff20|md|html|txt [--out file]`. */
export function registerExportCommands(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description(ctx.t('export.description'))
    .argument('<slug>', ctx.t('export.slugArgument'))
    .addOption(new Option('-f, --format <format>', ctx.t('export.formatOption')).choices(EXPORT_FORMATS).default('tmx'))
    .option('-o, --out <file>', ctx.t('export.outOption'))
    .option('--server <url>', ctx.t('remote.serverOption'))
    .action((slug: string, opts: { format: ExportFormat; out?: string; server?: string }) =>
      runExport(ctx, slug, opts),
    );
}
