import path from 'node:path';
import { Option, type Command } from 'commander';
import { exportDocument } from '../../lib/documents/export-document';
import {
  EXPORT_FORMATS,
  EXPORT_LAYOUTS,
  type ExportFormat,
  type ExportLayout,
} from '../../lib/exchange/export-formats';
import type { ExportLabels } from '../../lib/exchange/labels';
import { storeDeps } from '../../lib/documents/context';
import en from '../../messages/en.json';
import es from '../../messages/es.json';
import pkg from '../../package.json';
import type { CliContext } from '../context';
import { CliExit, err, withLibrary } from '../context';
import { remoteFetch, remoteOf } from '../remote';
import { writeAtomically } from '../write-file';

interface ExportOpts {
  format: ExportFormat;
  layout?: ExportLayout;
  out?: string;
  server?: string;
}

/** Writes an export to --out, or to stdout unless it is a zip file's bytes and stdout a terminal. */
async function emit(ctx: CliContext, body: string | Uint8Array, fileName: string, opts: ExportOpts) {
  if (opts.out) {
    const file = path.resolve(opts.out);
    await writeAtomically(file, body);
    err(ctx, ctx.t('export.written', { file }));
  } else if (typeof body !== 'string' && ctx.stdout.isTTY) {
    // A zip file's bytes would only garble the terminal.
    err(ctx, ctx.t('export.binaryToTerminal', { format: opts.format, file: fileName }));
    throw new CliExit(2);
  } else ctx.stdout.write(body);
}

async function runExport(ctx: CliContext, slug: string, opts: ExportOpts) {
  if (opts.layout && opts.format !== 'epub') {
    err(ctx, ctx.t('export.layoutEpubOnly', { format: opts.format }));
    throw new CliExit(2);
  }
  const remote = remoteOf(ctx, opts.server);
  if (remote) {
    const query = `format=${opts.format}&lang=${ctx.language}${opts.layout ? `&layout=${opts.layout}` : ''}`;
    const res = await remoteFetch(ctx, remote, `/api/documents/${encodeURIComponent(slug)}/export?${query}`);
    const text = /^(text\/|application\/[\w.+-]*xml)/.test(res.headers.get('content-type') ?? '');
    const body = text ? await res.text() : new Uint8Array(await res.arrayBuffer());
    return emit(ctx, body, `${slug}.${opts.format}`, opts);
  }
  await withLibrary(ctx, async (store, content) => {
    const labels: ExportLabels = (ctx.language === 'es' ? es : en).export.labels;
    const result = await exportDocument(
      storeDeps(ctx.config, store, content),
      slug,
      opts.format,
      labels,
      { toolVersion: pkg.version, now: new Date() },
      { layout: opts.layout },
    );
    if (!result.ok) {
      err(ctx, ctx.t('export.failed', { slug, message: result.message }));
      throw new CliExit(1);
    }
    if (result.testModel) err(ctx, ctx.t('export.testModel'));
    await emit(ctx, result.body, result.fileName, opts);
  });
}

/** `paralelo export <slug> --format tmx|xliff12|xliff20|md|html|txt|epub|po|docx [--layout …] [--out file] [--server url]`. */
export function registerExportCommands(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description(ctx.t('export.description'))
    .argument('<slug>', ctx.t('export.slugArgument'))
    .addOption(new Option('-f, --format <format>', ctx.t('export.formatOption')).choices(EXPORT_FORMATS).default('tmx'))
    .addOption(new Option('-l, --layout <layout>', ctx.t('export.layoutOption')).choices(EXPORT_LAYOUTS))
    .option('-o, --out <file>', ctx.t('export.outOption'))
    .option('--server <url>', ctx.t('remote.serverOption'))
    .action((slug: string, opts: ExportOpts) => runExport(ctx, slug, opts));
}
