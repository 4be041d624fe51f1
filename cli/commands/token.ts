import type { Command } from 'commander';
import type { TokenRecord } from '../../lib/access';
import type { CliContext } from '../context';
import { CliExit, err, out } from '../context';
import { report, withDirectory } from './user';

function line(ctx: CliContext, t: TokenRecord): string {
  return ctx.t('token.line', {
    id: t.id,
    name: t.name,
    start: t.start ?? '?',
    owner: t.ownerEmail,
    created: t.createdAt.toISOString().slice(0, 10),
  });
}

/**
 * `paralelo token create|list|revoke`: personal API tokens (stored hashed; shown once), with their owner's role, for
 * the CLI against a server (PARALELO_SERVER, PARALELO_TOKEN) and for scripts (Authorization: Bearer).
 */
export function registerTokenCommands(program: Command, ctx: CliContext): void {
  const token = program.command('token').description(ctx.t('token.description'));
  token
    .command('create')
    .description(ctx.t('token.create.description'))
    .argument('[email]', ctx.t('token.emailArgument'))
    .option('-n, --name <name>', ctx.t('token.create.nameOption'), 'cli')
    .action((email: string | undefined, opts: { name: string }) =>
      withDirectory(ctx, async (directory) => {
        // Without an email: the local user's token (a machine without accounts).
        const owner = email ?? (await directory.localUser()).email;
        const created = await directory.createToken(owner, opts.name);
        if (!created.ok) return void report(ctx, created, () => '', owner);
        // Only the token on stdout, so a script can take it: TOKEN=$(paralelo token create ...).
        err(ctx, ctx.t('token.create.done', { id: created.value.record.id, owner }));
        const secret = created.value.token;
        ctx.stdout.write(`${secret}\n`);
        err(ctx, ctx.t('token.create.once'));
      }),
    );
  token
    .command('list')
    .description(ctx.t('token.list.description'))
    .argument('[email]', ctx.t('token.emailArgument'))
    .action((email: string | undefined) =>
      withDirectory(ctx, async (directory) => {
        const tokens = await directory.listTokens(email);
        if (tokens.length === 0) out(ctx, ctx.t('token.list.empty'));
        for (const t of tokens) out(ctx, line(ctx, t));
      }),
    );
  token
    .command('revoke')
    .description(ctx.t('token.revoke.description'))
    .argument('<id>', ctx.t('token.idArgument'))
    .action((id: string) =>
      withDirectory(ctx, async (directory) => {
        const result = await directory.revokeToken(id);
        if (!result.ok) {
          err(ctx, ctx.t('user.errors.no_such_token', { email: id }));
          throw new CliExit(1);
        }
        out(ctx, ctx.t('token.revoke.done', { id, owner: result.value.ownerEmail }));
      }),
    );
}
