import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { importTranslation } from '../../lib/documents/import-translation';
import { MAX_IMPORT_BYTES } from '../../lib/exchange/limits';
import { storeDeps } from '../../lib/documents/context';
import type { CliContext } from '../context';
import { CliExit, err, out, withLibrary } from '../context';

/** Links listed one by one before the rest is only counted. */
const MAX_LISTED = 20;

const range = (units: number[]) =>
  units.length === 0 ? '-' : units.length === 1 ? `${units[0]! + 1}` : `${units[0]! + 1}-${units.at(-1)! + 1}`;

async function runAlign(ctx: CliContext, slug: string, file: string, opts: { dryRun?: boolean }) {
  const started = performance.now();
  const abs = path.resolve(file);
  const stat = await fs.stat(abs).catch(() => null);
  if (!stat || !stat.isFile()) {
    err(ctx, ctx.t('align.notFound', { file: abs }));
    throw new CliExit(1);
  }
  // Refused before reading: a huge file is not loaded into memory only to be turned down.
  if (stat.size > MAX_IMPORT_BYTES) {
    const message = `${path.basename(file)} is ${stat.size} bytes, over the limit of ${MAX_IMPORT_BYTES} bytes (10 MB).`;
    err(ctx, ctx.t('align.failed', { message }));
    throw new CliExit(1);
  }
  const bytes = await fs.readFile(abs);
  await withLibrary(ctx, async (store, content) => {
    const result = await importTranslation(storeDeps(ctx.config, store, content), slug, {
      bytes,
      fileName: path.basename(file),
      dryRun: Boolean(opts.dryRun),
    });
    if (!result.ok) {
      err(
        ctx,
        result.code === 'encoding'
          ? ctx.t('import.encoding', { file: path.basename(file), line: result.line })
          : ctx.t('align.failed', { message: result.message }),
      );
      throw new CliExit(1);
    }
    const name = path.basename(file);
    if (result.empty) {
      err(ctx, ctx.t('align.empty', { file: name }));
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const counts = {
      imported: result.imported,
      paragraphs: result.paragraphs,
      english: result.englishParagraphs,
      unchanged: result.unchanged,
      file: name,
      seconds,
    };
    out(ctx, ctx.t(result.dryRun ? 'align.dryRun' : 'align.done', counts));
    err(ctx, ctx.t('align.bridge', { bridge: result.bridge ? 'yes' : 'no' }));
    // Paragraphs left as they were, numbered as in the reader.
    for (const [key, skipped] of [
      ['align.conflicts', result.conflicts],
      ['align.tooLong', result.tooLong],
      ['align.missing', result.missing],
    ] as const) {
      if (skipped.length > 0)
        err(ctx, ctx.t(key, { count: skipped.length, list: skipped.map((i) => i + 1).join(', ') }));
    }
    if (result.lowConfidence.length === 0) {
      out(ctx, ctx.t('align.allGood'));
      return;
    }
    out(ctx, ctx.t('align.lowConfidence', { count: result.lowConfidence.length }));
    for (const link of result.lowConfidence.slice(0, MAX_LISTED))
      out(
        ctx,
        ctx.t('align.link', {
          source: range(link.source),
          target: range(link.target),
          confidence: link.confidence.toFixed(2),
        }),
      );
    if (result.lowConfidence.length > MAX_LISTED)
      out(ctx, ctx.t('align.more', { count: result.lowConfidence.length - MAX_LISTED }));
  });
}

/** `paralelo align <slug> <english-file> [--dry-run]`. */
export function registerAlignCommands(program: Command, ctx: CliContext): void {
  program
    .command('align')
    .description(ctx.t('align.description'))
    .argument('<slug>', ctx.t('align.slugArgument'))
    .argument('<english-file>', ctx.t('align.fileArgument'))
    .option('-n, --dry-run', ctx.t('align.dryRunOption'))
    .action((slug: string, file: string, opts: { dryRun?: boolean }) => runAlign(ctx, slug, file, opts));
}
