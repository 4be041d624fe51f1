import type { Command } from 'commander';
import { deleteDocument } from '../../lib/documents/delete-document';
import type { CliContext } from '../context';
import { CliExit, err, out, withLibrary } from '../context';

async function runDelete(ctx: CliContext, slug: string, opts: { yes?: boolean }) {
  if (!opts.yes) {
    // Said, not done: a typo in a script must not take a document out of the library.
    err(ctx, ctx.t('delete.confirm', { slug }));
    throw new CliExit(2);
  }
  await withLibrary(ctx, async (_store, content) => {
    // This process runs no translation of its own; a server's running job stops when it finds the document gone.
    const result = await deleteDocument(content, slug, async () => {});
    if (!result.ok) {
      err(ctx, ctx.t('delete.notFound', { slug }));
      throw new CliExit(1);
    }
    out(ctx, ctx.t('delete.done', { slug: result.slug, keptAt: result.keptAt }));
  });
}

/** `paralelo delete <slug> --yes`: takes a document out of the library (its file and revisions are kept). */
export function registerDeleteCommands(program: Command, ctx: CliContext): void {
  program
    .command('delete')
    .description(ctx.t('delete.description'))
    .argument('<slug>', ctx.t('delete.slugArgument'))
    .option('-y, --yes', ctx.t('delete.yesOption'))
    .action((slug: string, opts: { yes?: boolean }) => runDelete(ctx, slug, opts));
}
