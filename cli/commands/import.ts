import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { importDocument } from '../../lib/documents/import-document';
import { importMemoryFile } from '../../lib/documents/import-memory';
import type { SkipReason } from '../../lib/exchange/memory-import';
import type { CliContext } from '../context';
import { CliExit, err, out, withContent, withStore } from '../context';
import { remoteFetch, remoteOf, type Remote } from '../remote';

async function readInput(ctx: CliContext, file: string): Promise<Uint8Array> {
  const abs = path.resolve(file);
  const stat = await fs.stat(abs).catch(() => null);
  if (!stat || !stat.isFile()) {
    err(ctx, ctx.t('import.notFound', { file: abs }));
    throw new CliExit(1);
  }
  return fs.readFile(abs);
}

/** The same import through a server's API (POST /api/documents, multipart), as the token's owner. */
async function importOnServer(
  ctx: CliContext,
  remote: Remote,
  file: string,
  bytes: Uint8Array,
  opts: { title?: string; slug?: string },
) {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(bytes)], path.basename(file)));
  if (opts.title) form.set('title', opts.title);
  if (opts.slug) form.set('slug', opts.slug);
  const res = await remoteFetch(ctx, remote, '/api/documents', { method: 'POST', body: form });
  const made = (await res.json()) as { slug: string; title: string; paragraphs: number };
  out(
    ctx,
    ctx.t('import.doneRemote', { title: made.title, slug: made.slug, paragraphs: made.paragraphs, url: remote.url }),
  );
}

async function runImport(ctx: CliContext, file: string, opts: { title?: string; slug?: string; server?: string }) {
  const started = performance.now();
  const bytes = await readInput(ctx, file);
  const remote = remoteOf(ctx, opts.server);
  if (remote) return importOnServer(ctx, remote, file, bytes, opts);
  const result = await withContent(ctx, (content) =>
    importDocument(content, {
      bytes,
      fileName: path.basename(file),
      title: opts.title ?? null,
      slug: opts.slug ?? null,
    }),
  );
  if (!result.ok) {
    err(
      ctx,
      result.code === 'encoding'
        ? ctx.t('import.encoding', { file: path.basename(file), line: result.line })
        : ctx.t('import.failed', { message: result.message }),
    );
    throw new CliExit(1);
  }
  if (result.encoding !== 'utf-8')
    err(ctx, ctx.t('import.readAs', { file: path.basename(file), encoding: result.encoding }));
  for (const what of result.removed) err(ctx, ctx.t('import.removed', { what }));
  for (const what of result.skipped) err(ctx, ctx.t('import.skipped', { what }));
  out(
    ctx,
    ctx.t('import.done', {
      title: result.title,
      slug: result.slug,
      paragraphs: result.paragraphs,
      file: result.location,
      seconds: ((performance.now() - started) / 1000).toFixed(2),
    }),
  );
  err(ctx, ctx.t('import.open', { slug: result.slug }));
}

async function runMemoryImport(ctx: CliContext, file: string) {
  const bytes = await readInput(ctx, file);
  const name = path.basename(file);
  const read = await withStore(ctx, (store) => importMemoryFile(store, bytes, name));
  if (!read.ok) {
    err(
      ctx,
      read.code === 'encoding'
        ? ctx.t('import.encoding', { file: name, line: read.line })
        : ctx.t('memory.import.failed', { message: read.message }),
    );
    throw new CliExit(1);
  }
  if (read.encoding !== 'utf-8') err(ctx, ctx.t('import.readAs', { file: name, encoding: read.encoding }));
  const reasons = (Object.entries(read.skipped) as [SkipReason, number][])
    .filter(([, n]) => n > 0)
    .map(([reason, count]) => ctx.t(`memory.import.reasons.${reason}`, { count }))
    .join(', ');
  out(ctx, ctx.t('memory.import.done', { file: name, imported: read.stored, skipped: read.skippedCount, reasons }));
}

/** `paralelo import <file>` and `paralelo memory import <file.tmx|file.xlf>`. */
export function registerImportCommands(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description(ctx.t('import.description'))
    .argument('<file>', ctx.t('import.fileArgument'))
    .option('-t, --title <title>', ctx.t('import.titleOption'))
    .option('-s, --slug <slug>', ctx.t('import.slugOption'))
    .option('--server <url>', ctx.t('remote.serverOption'))
    .action((file: string, opts: { title?: string; slug?: string; server?: string }) => runImport(ctx, file, opts));
  const memory = program.command('memory').description(ctx.t('memory.description'));
  memory
    .command('import')
    .description(ctx.t('memory.import.description'))
    .argument('<file>', ctx.t('memory.import.fileArgument'))
    .action((file: string) => runMemoryImport(ctx, file));
}
