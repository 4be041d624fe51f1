import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { exportGlossary, importGlossaryEntries } from '../../lib/documents/library-glossary';
import { MAX_GLOSSARY_BYTES, MAX_GLOSSARY_ENTRIES, readGlossary, type GlossaryReadResult } from '../../lib/glossary';
import type { CliContext } from '../context';
import { CliExit, err, out, withLibrary } from '../context';
import { writeAtomically } from '../write-file';

/** Exit codes of `paralelo glossary` (as cli/main.ts's EXIT): a refused file (1), a bad argument (2). */
const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/**
 * A glossary file read as the page's import reads it (lib/glossary readGlossary: TBX or CSV, at most 10 MB and
 * 20,000 entries, one-letter terms left out), or why not: too large is refused before the file is read whole.
 */
export async function readGlossaryFile(
  ctx: CliContext,
  file: string,
): Promise<{ ok: true; read: GlossaryReadResult; name: string } | { ok: false; exit: number }> {
  const name = path.basename(file);
  const info = await stat(file).catch(() => null);
  if (!info || !info.isFile()) {
    // Said as `paralelo import` says it, with the path as resolved, rather than as ENOENT or EISDIR.
    err(ctx, ctx.t('glossaryCommand.notFound', { file: path.resolve(file) }));
    return { ok: false, exit: EXIT.usage };
  }
  try {
    if (info.size > MAX_GLOSSARY_BYTES) {
      err(ctx, ctx.t('glossary.errors.too_large', { file: name, max: MAX_GLOSSARY_BYTES }));
      return { ok: false, exit: EXIT.refused };
    }
    return { ok: true, read: readGlossary(await readFile(file), name), name };
  } catch (error) {
    err(ctx, ctx.t('glossary.errors.unreadable', { file, message: (error as Error).message }));
    return { ok: false, exit: EXIT.usage };
  }
}

/** Prints what a glossary file could not give: its refusal, or the entries it left out. */
export function printReadProblems(ctx: CliContext, read: GlossaryReadResult, name: string): void {
  if (!read.ok) {
    const params = { file: name, line: 0, problems: 0, max: 0, reason: '', ...read.params };
    err(ctx, ctx.t(`glossary.errors.${read.code}`, params));
    return;
  }
  for (const problem of read.problems) err(ctx, ctx.t(`glossary.problems.${problem.code}`, { ...problem }));
}

async function listCommand(ctx: CliContext, opts: { json?: boolean }): Promise<void> {
  await withLibrary(ctx, async (store) => {
    const entries = await store.listGlossary();
    if (opts.json) {
      out(ctx, JSON.stringify({ entries }, null, 2));
      return;
    }
    if (entries.length === 0) {
      out(ctx, ctx.t('glossaryCommand.empty'));
      return;
    }
    for (const e of entries) {
      const parts = [ctx.t('glossaryCommand.entry', { term: e.term, english: e.english.join(' | ') || '—' })];
      if (e.forms.length > 0) parts.push(ctx.t('glossaryCommand.forms', { forms: e.forms.join(', ') }));
      if (e.forbidden.length > 0)
        parts.push(ctx.t('glossaryCommand.forbidden', { forbidden: e.forbidden.join(' | ') }));
      if (e.note) parts.push(ctx.t('glossaryCommand.note', { note: e.note }));
      out(ctx, parts.join('  '));
    }
    out(ctx, ctx.t('glossaryCommand.count', { count: entries.length }));
  });
}

async function importCommand(ctx: CliContext, file: string): Promise<void> {
  const loaded = await readGlossaryFile(ctx, file);
  if (!loaded.ok) throw new CliExit(loaded.exit);
  const { read, name } = loaded;
  printReadProblems(ctx, read, name);
  if (!read.ok) throw new CliExit(EXIT.refused);
  const result = await withLibrary(ctx, (store) => importGlossaryEntries(store, read, name, null, Date.now()));
  if (!result.ok) {
    // The file is fine on its own: the glossary with it would be too large.
    err(ctx, ctx.t('glossaryCommand.wouldBeTooMany', { file: name, max: Number(result.params.max ?? 0) }));
    throw new CliExit(EXIT.refused);
  }
  out(ctx, ctx.t('glossaryCommand.imported', { file: name, added: result.added, updated: result.updated }));
}

async function exportCommand(ctx: CliContext, opts: { format: 'tbx' | 'csv'; out?: string }): Promise<void> {
  const file = await withLibrary(ctx, (store) => exportGlossary(store, opts.format));
  if (!opts.out) {
    ctx.stdout.write(file.body);
    return;
  }
  try {
    await writeAtomically(opts.out, file.body);
  } catch (error) {
    err(ctx, ctx.t('glossaryCommand.cannotWrite', { file: opts.out, message: (error as Error).message }));
    throw new CliExit(EXIT.usage);
  }
  err(ctx, ctx.t('glossaryCommand.exported', { file: opts.out }));
}

/** `paralelo glossary list [--json] | import <file> | export [--format tbx|csv] [--out file]`: the stored glossary. */
export function registerGlossaryCommands(program: Command, ctx: CliContext): void {
  const glossary = program.command('glossary').description(ctx.t('glossaryCommand.description'));
  glossary
    .command('list')
    .description(ctx.t('glossaryCommand.listDescription'))
    .option('--json', ctx.t('glossaryCommand.jsonOption'))
    .action((opts: { json?: boolean }) => listCommand(ctx, opts));
  glossary
    .command('import')
    .description(ctx.t('glossaryCommand.importDescription', { max: MAX_GLOSSARY_ENTRIES }))
    .argument('<file>', ctx.t('glossaryCommand.fileArgument'))
    .action((file: string) => importCommand(ctx, file));
  glossary
    .command('export')
    .description(ctx.t('glossaryCommand.exportDescription'))
    .addOption(
      new Option('--format <format>', ctx.t('glossaryCommand.formatOption')).choices(['tbx', 'csv']).default('tbx'),
    )
    .option('--out <file>', ctx.t('glossaryCommand.outOption'))
    .action((opts: { format: 'tbx' | 'csv'; out?: string }) => exportCommand(ctx, opts));
}
